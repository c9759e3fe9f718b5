package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.SystemValidator;

/**
 * A webhook signature's tolerance bounds the age of a signed timestamp, and only the stripe scheme signs one: on
 * hmac-sha256 it was accepted and silently ignored, which reads like replay protection that is not there.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(IsthmusInjectorProvider.class)
class SignatureToleranceRulesTest {

	@Inject
	private ValidationFixture fixture;

	private static String webhook(String signature) {
		return "package acme\nsystem S kind erp {\n  record R json { id : string }\n"
				+ "  endpoint e webhook \"/hooks\" receives R\n    signature " + signature + "\n}\n";
	}

	@Test
	void toleranceOnlyOnStripe() throws Exception {
		fixture.single(webhook("hmac-sha256 header \"X-Signature\" secret env HOOK_SECRET tolerance 5min"),
				SystemValidator.BAD_ENDPOINT, 5, "hmac-sha256 ignores a tolerance: only stripe signs a timestamp");
		fixture.none(webhook("hmac-sha256 header \"X-Signature\" secret env HOOK_SECRET"));
		fixture.none(webhook("stripe header \"Stripe-Signature\" secret env HOOK_SECRET tolerance 5min"));
	}

	@Test
	void aStripeToleranceIsAtLeastASecond() throws Exception {
		// The runner compares whole seconds: under 1s, every event a second old is refused as a replay.
		fixture.single(webhook("stripe header \"Stripe-Signature\" secret env HOOK_SECRET tolerance 0s"),
				SystemValidator.BAD_ENDPOINT, 5, "a tolerance under 1s");
		fixture.single(webhook("stripe header \"Stripe-Signature\" secret env HOOK_SECRET tolerance 900ms"),
				SystemValidator.BAD_ENDPOINT, 5, "a tolerance under 1s");
	}
}
