package dev.isthmus.dsl.validation;

import java.util.Locale;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import com.google.inject.Inject;

import dev.isthmus.dsl.isthmus.Given;
import dev.isthmus.dsl.isthmus.IslFile;

/**
 * A text literal that holds half a character: {@code "\uDE00"}, or {@code "\uD83D"} without the low half that makes
 * it an emoji. Java text is UTF-16, in which a character beyond U+FFFF is a pair of surrogates; one of them alone is
 * no character, and no encoding (UTF-8, the JSON the generator writes, a database's text) can write it. Unchecked,
 * {@code isthmus generate} failed with a bare "Input length = 1" from the UTF-8 encoder, and the runner would have
 * dead-lettered every record the literal reached. Test data ({@code given …}) may hold one on purpose, to test how a
 * flow treats a broken record, so it is left alone.
 */
public class TextLiteralValidator extends AbstractDeclarativeValidator {

	public static final String HALF_A_CHARACTER = "dev.isthmus.dsl.halfACharacter";

	@Inject
	private IValueConverterService converters;

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator, which registers for the language's package.
	}

	@Check
	public void literalsHoldWholeCharacters(IslFile file) {
		ICompositeNode root = NodeModelUtils.getNode(file);
		if (root == null) {
			return;
		}
		for (ILeafNode leaf : root.getLeafNodes()) {
			if (leaf.isHidden() || !(leaf.getGrammarElement() instanceof RuleCall call)
					|| !(call.getRule() instanceof TerminalRule terminal) || !"STRING".equals(terminal.getName())
					|| leaf.getText().indexOf('\\') < 0) {
				continue;
			}
			String value;
			try {
				value = (String) converters.toValue(leaf.getText(), "STRING", leaf);
			} catch (ValueConverterException e) {
				continue; // a broken escape is the parser's error already
			}
			int half = halfCharacter(value);
			EObject owner = NodeModelUtils.findActualSemanticObjectFor(leaf);
			if (half < 0 || EcoreUtil2.getContainerOfType(owner, Given.class) != null) {
				continue;
			}
			String code = "U+" + Integer.toHexString(value.charAt(half)).toUpperCase(Locale.ROOT);
			getMessageAcceptor().acceptError("a text literal holds half a character (" + code + "): a surrogate "
					+ (Character.isHighSurrogate(value.charAt(half)) ? "that no low surrogate follows" : "that no high surrogate precedes")
					+ ", which no encoding can write, so nothing that holds it could be delivered; write the whole "
					+ "character (e.g. \"\\uD83D\\uDE00\" or the character itself, 😀), or remove the escape",
					owner, leaf.getOffset(), leaf.getLength(), HALF_A_CHARACTER, code);
		}
	}

	/** The index of the first surrogate that is not half of a pair, or -1. */
	static int halfCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			} else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}
}
