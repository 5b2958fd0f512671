package dev.kongsync.crypto;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/** Just enough DER (ASN.1) to read and wrap the key structures PEM files hold. */
final class Der {
    private Der() {}

    /** A tag, its value, and the whole encoding. */
    record Tlv(int tag, byte[] value, byte[] encoded) {}

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Reads consecutive TLVs from a byte array. */
    static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        Tlv next() {
            if (pos + 2 > data.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int start = pos;
            int tag = data[pos++] & 0xff;
            int len = data[pos++] & 0xff;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 4 || pos + bytes > data.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (data[pos++] & 0xff);
                }
            }
            if (len < 0 || pos + len > data.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            byte[] value = Arrays.copyOfRange(data, pos, pos + len);
            pos += len;
            return new Tlv(tag, value, Arrays.copyOfRange(data, start, pos));
        }

        byte[] nextEncoded() {
            return next().encoded();
        }

        void skip() {
            next();
        }

        /** The contents of the next SEQUENCE. */
        Reader sequence() {
            Tlv t = next();
            if (t.tag() != 0x30) {
                throw new IllegalArgumentException("expected a DER SEQUENCE");
            }
            return new Reader(t.value());
        }

        BigInteger integer() {
            Tlv t = next();
            if (t.tag() != 0x02) {
                throw new IllegalArgumentException("expected a DER INTEGER");
            }
            return new BigInteger(t.value());
        }
    }
}
