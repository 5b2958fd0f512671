package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.testkong.Daos.Dao;

/**
 * A kind's DAO override ({@code kong/db/dao/<kind>.lua}): Kong's DAO methods of that kind, which call the generic
 * ones ({@code self.super}) of {@link KongStore}. The defaults are the generic DAO.
 */
interface DaoOverride {
    default ObjectNode insert(KongStore store, Dao dao, ObjectNode entity, KongStore.Ttl ttl) {
        return store.superInsert(dao, entity, ttl);
    }

    default ObjectNode upsert(KongStore store, Dao dao, String id, ObjectNode entity, KongStore.Ttl ttl) {
        return store.superUpsert(dao, id, entity, ttl);
    }

    default ObjectNode upsertByKey(KongStore store, Dao dao, String key, ObjectNode entity, KongStore.Ttl ttl) {
        return store.superUpsertByKey(dao, key, entity, ttl);
    }

    default ObjectNode update(KongStore store, Dao dao, String id, ObjectNode entity, KongStore.Ttl ttl) {
        return store.superUpdate(dao, id, entity, ttl);
    }

    default void delete(KongStore store, Dao dao, String id) {
        store.superDelete(dao, id);
    }

    /** What the kind's {@code select} does to an entity read from the database. */
    default ObjectNode read(KongStore store, Dao dao, ObjectNode entity) {
        return entity;
    }
}
