package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.FILE_TRANSPORT__ENCODING;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.typing.Suggestions;

/**
 * A file endpoint's encoding is one the runner's Java knows, by a name or alias (else the runner could not start),
 * and one a target can write in: a few charsets only decode, and the runner would have nothing to write with.
 */
public class FileEncodingValidator extends AbstractDeclarativeValidator {

	/** Data: the name as written, then the closest known name (may be empty). */
	public static final String UNKNOWN_ENCODING = "dev.isthmus.dsl.unknownEncoding";
	public static final String BAD_ENCODING = "dev.isthmus.dsl.badEncoding";

	private static final String EXAMPLES = "\"UTF-8\", \"ISO-8859-1\" or \"windows-1252\"";

	/** Every charset name and alias of this Java, for did-you-mean; built once, on the first unknown name. */
	private static Set<String> known;

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void anEncodingJavaKnows(FileTransport file) {
		String name = file.getEncoding();
		if (name == null) {
			return;
		}
		Charset charset = charset(name);
		if (charset == null) {
			String closest = name.isBlank() ? null : closest(name);
			Charset suggested = closest == null ? null : charset(closest);
			String whatToDo = " a charset name or alias, such as " + EXAMPLES + ", or leave 'encoding' out for UTF-8";
			error((name.isBlank() ? "the encoding has no name" : "'" + name + "' is not an encoding Java knows")
					+ (closest == null ? ": write" + whatToDo : "; did you mean '" + closest + "'"
							+ (suggested == null || suggested.name().equals(closest) ? "" : " (" + suggested.name() + ")") + "? Write" + whatToDo),
					file, FILE_TRANSPORT__ENCODING, UNKNOWN_ENCODING, name, closest == null ? "" : closest);
			return;
		}
		if (file.eContainer() instanceof Endpoint endpoint && endpoint.getDirection() != Direction.RECEIVES && !charset.canEncode()) {
			error("'" + name + "' (" + charset.name() + ") can only be read, not written, so the files this endpoint "
					+ endpoint.getDirection().getLiteral() + " could not be written; name an encoding that writes, such as " + EXAMPLES,
					file, FILE_TRANSPORT__ENCODING, BAD_ENCODING, name);
		}
	}

	/**
	 * The known name written as {@code name} with other punctuation or case ({@code latin-1} is {@code latin1}, though
	 * {@code Latin-9} is nearer by edit distance), the canonical name first; else the nearest by edit distance.
	 */
	private static String closest(String name) {
		String written = bare(name);
		String same = null;
		for (String known : knownNames()) {
			if (bare(known).equals(written) && (same == null || charset(known).name().equals(known))) {
				same = known;
			}
		}
		return same != null ? same : Suggestions.closest(name, knownNames());
	}

	/** A charset name without the punctuation and case that tell no charsets apart. */
	private static String bare(String name) {
		return name.replaceAll("[-_\\s]", "").toLowerCase(Locale.ROOT);
	}

	private static Charset charset(String name) {
		try {
			return Charset.forName(name.strip().isEmpty() ? "?" : name);
		} catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
			return null;
		}
	}

	private static synchronized Set<String> knownNames() {
		if (known == null) {
			Set<String> names = new TreeSet<>();
			Charset.availableCharsets().forEach((canonical, charset) -> {
				names.add(canonical);
				names.addAll(charset.aliases());
			});
			known = names;
		}
		return known;
	}
}
