package dev.isthmus.dsl.tests;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import dev.isthmus.dsl.validation.SystemValidator;

/**
 * A webhook signature's tolerance bounds the age of a signed timestamp, which stripe signs in its header and
 * hmac-sha256 only with a timestamp header: without one it was accepted and silently ignored, which reads like replay
 * protection that is not there. A timestamp header comes with the recipe of what is signed.
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
				SystemValidator.BAD_ENDPOINT, 5, "hmac-sha256 without a timestamp header ignores a tolerance");
		fixture.none(webhook("hmac-sha256 header \"X-Signature\" secret env HOOK_SECRET"));
		fixture.none(webhook("stripe header \"Stripe-Signature\" secret env HOOK_SECRET tolerance 5min"));
		fixture.none(webhook("hmac-sha256 header \"X-Zendesk-Webhook-Signature\" timestamp \"X-Zendesk-Webhook-Signature-Timestamp\""
				+ " signs \"{timestamp}{body}\" secret env HOOK_SECRET tolerance 5min"));
	}

	@Test
	void aSignedTimestampComesWithARecipeThatSignsItAndTheBody() throws Exception {
		String zendesk = "hmac-sha256 header \"X-Zendesk-Webhook-Signature\" timestamp \"X-Zendesk-Webhook-Signature-Timestamp\" signs ";
		fixture.none(webhook(zendesk + "\"v0:{timestamp}:{body}\" secret env HOOK_SECRET"));
		fixture.single(webhook(zendesk + "\"{timestamp}\" secret env HOOK_SECRET"), SystemValidator.BAD_ENDPOINT, 5,
				"what the signature signs names {body} nowhere");
		fixture.single(webhook(zendesk + "\"{body}{timestamp}{body}\" secret env HOOK_SECRET"), SystemValidator.BAD_ENDPOINT, 5,
				"names {body} more than once");
		fixture.single(webhook(zendesk + "\"{body}\" secret env HOOK_SECRET"), SystemValidator.BAD_ENDPOINT, 5,
				"names no {timestamp}, so the timestamp is not signed");
		fixture.single(webhook(zendesk + "\"{id}.{timestamp}.{body}\" secret env HOOK_SECRET"), SystemValidator.BAD_ENDPOINT, 5,
				"names {id}, which the runner does not fill");
		fixture.single(webhook(zendesk + "\"{timestamp}{timestamp}{body}\" secret env HOOK_SECRET"), SystemValidator.BAD_ENDPOINT, 5,
				"names {timestamp} more than once");
		fixture.single(webhook("hmac-sha256 header \"X-Sig\" timestamp \"\" signs \"{timestamp}{body}\" secret env HOOK_SECRET"),
				SystemValidator.BAD_ENDPOINT, 5, "the timestamp header has no name");
		fixture.single(webhook("hmac-sha256 header \"X-Sig\" timestamp \"x-sig\" signs \"{timestamp}{body}\" secret env HOOK_SECRET"),
				SystemValidator.BAD_ENDPOINT, 5, "the timestamp is in the signature's own header");
		fixture.single(webhook("stripe header \"Stripe-Signature\" timestamp \"X-Time\" signs \"{timestamp}{body}\" secret env HOOK_SECRET"),
				SystemValidator.BAD_ENDPOINT, 5, "stripe's header carries its own timestamp");
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
