package dev.isthmus.library.internal;

import static dev.isthmus.library.IslType.STRING;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.isthmus.library.FunctionDeclaration;

/** Ids and hashes, e.g. for idempotency keys the target system recognises on re-delivery. */
final class IdFunctions {

	private static final String GROUP = "Ids and hashes";

	private IdFunctions() {
	}

	static List<FunctionDeclaration> all() {
		return List.of(
				Declare.fn(GROUP, "sha256").param("text", STRING).returns(STRING)
						.doc("The SHA-256 of the text's UTF-8 bytes, as 64 lower-case hex digits: a stable id.")
						.does1(text -> HexFormat.of().formatHex(sha256().digest(((String) text)
								.getBytes(StandardCharsets.UTF_8)))),
				Declare.fn(GROUP, "uuidFrom").param("text", STRING).returns(STRING)
						.doc("A name-based UUID (version 3) of the text: the same text always gives the same UUID.")
						.does1(text -> UUID.nameUUIDFromBytes(((String) text).getBytes(StandardCharsets.UTF_8)).toString()));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}
}
