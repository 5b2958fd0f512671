package dev.kongsync.file;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.CharArrayReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Jackson's YAML parser, telling also whether the current scalar was written plain (unquoted): what decides the type
 * a rendered {@code ${{ env "..." }}} template takes.
 */
final class PlainScalarYaml {
    private PlainScalarYaml() {}

    static final class Factory extends YAMLFactory {
        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }

        @Override
        protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
                throws IOException {
            return _createParser(new CharArrayReader(data, offset, len), ctxt);
        }
    }

    static final class Parser extends YAMLParser {
        Parser(IOContext ctxt, int parserFeatures, int formatFeatures, org.yaml.snakeyaml.LoaderOptions options,
               com.fasterxml.jackson.core.ObjectCodec codec, Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
        }

        /**
         * The anchor ({@code &name}) of the current value, scalars included (Jackson's {@code getObjectId} only
         * knows the anchors of mappings and sequences).
         */
        String currentAnchor() throws java.io.IOException {
            if (currentToken() != null && currentToken().isScalarValue()) {
                return _lastEvent instanceof ScalarEvent s ? s.getAnchor() : null;
            }
            return getObjectId();
        }

        /** True when the current token is a scalar written without quotes (or block indicators). */
        boolean currentScalarIsPlain() {
            return _lastEvent instanceof ScalarEvent s && s.isPlain();
        }
    }
}
