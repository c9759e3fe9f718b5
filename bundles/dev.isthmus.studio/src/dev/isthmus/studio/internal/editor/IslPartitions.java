package dev.isthmus.studio.internal.editor;

import org.eclipse.core.filebuffers.IDocumentSetupParticipant;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension3;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.FastPartitioner;
import org.eclipse.jface.text.rules.IPredicateRule;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.RuleBasedPartitionScanner;
import org.eclipse.jface.text.rules.Token;

/**
 * Comments and strings are partitions of their own, so that typing {@code /*} re-colours only what it opens and the
 * code scanner never sees a keyword inside a string. Installed on every {@code .isl} document by the file buffers.
 */
public class IslPartitions implements IDocumentSetupParticipant {

	/** The partitioning of {@code .isl} documents. */
	public static final String PARTITIONING = "dev.isthmus.isl.partitioning";
	public static final String COMMENT = "__isl_comment";
	public static final String STRING = "__isl_string";
	static final String[] TYPES = { IDocument.DEFAULT_CONTENT_TYPE, COMMENT, STRING };

	@Override
	public void setup(IDocument document) {
		RuleBasedPartitionScanner scanner = new RuleBasedPartitionScanner();
		Token comment = new Token(COMMENT);
		Token string = new Token(STRING);
		scanner.setPredicateRules(new IPredicateRule[] { new MultiLineRule("/*", "*/", comment, (char) 0, true),
				new EndOfLineRule("//", comment), new MultiLineRule("\"", "\"", string, '\\', true),
				new MultiLineRule("'", "'", string, '\\', true) });
		FastPartitioner partitioner = new FastPartitioner(scanner, new String[] { COMMENT, STRING });
		((IDocumentExtension3) document).setDocumentPartitioner(PARTITIONING, partitioner);
		partitioner.connect(document);
	}
}
