package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the simulator (default settings: insertion-ordered objects, UTF-8). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
