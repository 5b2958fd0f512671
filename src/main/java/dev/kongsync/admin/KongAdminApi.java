package dev.kongsync.admin;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Kong Admin API endpoints kongsync uses, as a Quarkus REST client. Collections are addressed by one
 * ({@code /services}) or three ({@code /upstreams/{id}/targets}) path segments; entities by two or four.
 * Bodies are JSON text; {@link AdminClient} does the (de)serialization, retries and paging.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface KongAdminApi {

    @GET
    @Path("/")
    Response root();

    @GET
    @Path("/status")
    Response status();

    @GET
    @Path("/schemas/{name}")
    Response schema(@PathParam("name") String name);

    @GET
    @Path("/schemas/{kind}/{name}")
    Response subschema(@PathParam("kind") String kind, @PathParam("name") String name);

    @POST
    @Path("/schemas/{entity}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    Response validate(@PathParam("entity") String entity, String body);

    @GET
    @Path("/{collection}")
    Response list(@PathParam("collection") String collection, @QueryParam("size") Integer size,
                  @QueryParam("offset") String offset, @QueryParam("tags") String tags);

    @GET
    @Path("/{collection}/{id}")
    Response entity(@PathParam("collection") String collection, @PathParam("id") String id);

    @GET
    @Path("/{parent}/{parentId}/{collection}/{id}")
    Response nestedEntity(@PathParam("parent") String parent, @PathParam("parentId") String parentId,
                          @PathParam("collection") String collection, @PathParam("id") String id);

    @GET
    @Path("/{parent}/{parentId}/{collection}")
    Response listNested(@PathParam("parent") String parent, @PathParam("parentId") String parentId,
                        @PathParam("collection") String collection, @QueryParam("size") Integer size,
                        @QueryParam("offset") String offset);

    @PUT
    @Path("/{collection}/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response put(@PathParam("collection") String collection, @PathParam("id") String id, String body);

    @PUT
    @Path("/{parent}/{parentId}/{collection}/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response putNested(@PathParam("parent") String parent, @PathParam("parentId") String parentId,
                       @PathParam("collection") String collection, @PathParam("id") String id, String body);

    @POST
    @Path("/{collection}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response post(@PathParam("collection") String collection, String body);

    @POST
    @Path("/{parent}/{parentId}/{collection}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response postNested(@PathParam("parent") String parent, @PathParam("parentId") String parentId,
                        @PathParam("collection") String collection, String body);

    @DELETE
    @Path("/{collection}/{id}")
    Response delete(@PathParam("collection") String collection, @PathParam("id") String id);

    @DELETE
    @Path("/{parent}/{parentId}/{collection}/{id}")
    Response deleteNested(@PathParam("parent") String parent, @PathParam("parentId") String parentId,
                          @PathParam("collection") String collection, @PathParam("id") String id);
}
