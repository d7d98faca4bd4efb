package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsNestedObjectsArraysAndScalars() {
        Object v = Json.parse("{\"a\": [1, -2.5e3, true, null], \"b\": {\"c\": \"x\\\"y\\u00e9\"}}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1.0, -2500.0, true), ((List<?>) m.get("a")).subList(0, 3));
        assertNull(((List<?>) m.get("a")).get(3));
        assertEquals("x\"yé", ((Map<?, ?>) m.get("b")).get("c"));
    }

    @Test
    void readsJmhsBareNaN() {
        List<?> v = (List<?>) Json.parse("[NaN, 1]");
        assertTrue(Double.isNaN((Double) v.get(0)));
    }

    @Test
    void readsEmptyContainers() {
        assertEquals(List.of(), Json.parse(" [ ] "));
        assertEquals(Map.of(), Json.parse("{}"));
    }

    @Test
    void rejectsTrailingCharacters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[\"abc"));
    }
}
