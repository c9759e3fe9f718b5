package dev.isthmus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration edited by hand with a step after a route: the engine ends a record's steps at its route, so the
 * step never ran, silently (a review's wiretap after a route delivered no copy). The language refuses it; the loader
 * now does too, naming each such step.
 */
class ConfigurationStepsAfterRouteTest {

	@Test
	void aStepAfterARouteIsAProblemNamingIt(@TempDir Path copy) throws Exception {
		GoldenCopy.into(copy);
		Path flow = copy.resolve("flows/shop.Orders.json");
		// The first step becomes a route: the validate and deliver steps after it would never run.
		Files.writeString(flow, Files.readString(flow).replace("""
				      "step": "map",
				      "mapping": "shop.TillToOrder"
				""", """
				      "step": "route",
				      "branches": [ { "targets": [ { "endpoint": "shop.Books.entries", "mapping": "shop.OrderToEntry", "policies": { } } ] } ]
				"""));

		ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigurationLoader.load(copy));

		assertEquals(List.of("/steps/1", "/steps/2"), e.problems().stream().map(ConfigurationException.Problem::pointer).toList(),
				e.getMessage());
		assertTrue(e.problems().get(1).message().startsWith("a 'deliver' step after the route at /steps/0 never runs (a route ends the"
				+ " flow's steps); move it before the route"), e.getMessage());
	}
}
