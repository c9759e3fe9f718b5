package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.DEAD_LETTER_POLICY__ENDPOINT;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.FILE_TRANSPORT__PATTERN;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.SOURCE__ENDPOINT;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.TARGET__ENDPOINT;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.DeadLetterPolicy;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.IslFile;
import dev.isthmus.dsl.isthmus.RecordFormat;
import dev.isthmus.dsl.isthmus.Target;

/**
 * A file is consumed by one flow: read to its end, it moves to done/. The runner refuses two flows reading one file
 * endpoint ("reads the same directory"); two endpoints on one directory (resolved as the runner does, relative and
 * normalized) whose patterns can match the same file would have two flows race for it. Reported at the later
 * flow's {@code from}, in the order of the project's files and their lines. A flow whose file target writes where its
 * own file source reads, names the source's pattern matches, would read its own output again and again: reported at
 * the target. A source's pattern names files in its directory: the runner reads no subfolder, so a path matches nothing.
 */
public class FileSourceValidator extends AbstractDeclarativeValidator {

	public static final String SHARED_DIRECTORY = "dev.isthmus.dsl.sharedDirectory";
	public static final String READS_OWN_OUTPUT = "dev.isthmus.dsl.readsOwnOutput";
	public static final String PATTERN_PATH = "dev.isthmus.dsl.sourcePatternPath";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void oneFlowPerDirectory(Flow flow) {
		FileTransport mine = fileSource(flow);
		if (mine == null || flow.eResource() == null || flow.eResource().getResourceSet() == null) {
			return;
		}
		for (Flow other : flowsInOrder(flow)) {
			if (other == flow) {
				return;
			}
			FileTransport theirs = fileSource(other);
			if (theirs != null && sameDirectory(mine, theirs)
					&& (theirs == mine || Globs.overlap(pattern(mine), pattern(theirs)))) {
				error("flow " + other.getName() + " (" + where(other) + ") reads \"" + theirs.getDirectory()
						+ "\" too, and a file is consumed by one flow only: read it in one flow and route its records there"
						+ " (route { when … -> … }), or give each flow a directory of its own", flow.getSource(), SOURCE__ENDPOINT,
						SHARED_DIRECTORY, other.getName());
				return;
			}
		}
	}

	/** Review 20: the running runner wrote, read again and wrote again without end, and validate said nothing. */
	@Check
	public void noFlowReadsItsOwnOutput(Flow flow) {
		FileTransport source = fileSource(flow);
		if (source == null) {
			return;
		}
		for (Target target : EcoreUtil2.getAllContentsOfType(flow, Target.class)) {
			String problem = writesWhereItReads(flow, source, target.getEndpoint(), "this target writes files there that the pattern matches");
			if (problem != null) {
				error(problem, target, TARGET__ENDPOINT, READS_OWN_OUTPUT);
			}
		}
		// Its dead letters too (review 30): each letter read back failed again, making a new letter, every two seconds.
		for (DeadLetterPolicy policy : EcoreUtil2.getAllContentsOfType(flow, DeadLetterPolicy.class)) {
			String problem = writesWhereItReads(flow, source, policy.getEndpoint(), "its dead letters are written there in files the pattern matches");
			if (problem != null) {
				error(problem, policy, DEAD_LETTER_POLICY__ENDPOINT, READS_OWN_OUTPUT);
			}
		}
	}

	/**
	 * Review 31: two flows each sending their dead letters where the other reads passed each letter back and forth
	 * without end (a letter fails in the flow that reads it, its record being no record of that flow's), each wrapping
	 * the last. Reported at the policy of each flow on such a round of two or more flows (one flow alone is the error
	 * above).
	 */
	@Check
	public void noDeadLettersGoRound(Flow flow) {
		DeadLetterPolicy policy = deadLetterPolicy(flow);
		if (policy == null || flow.eResource() == null || flow.eResource().getResourceSet() == null) {
			return;
		}
		List<Flow> all = flowsInOrder(flow);
		// Breadth first from this flow's letters, over the flows reading where the last one's letters are written.
		java.util.Map<Flow, Flow> cameFrom = new java.util.LinkedHashMap<>();
		java.util.ArrayDeque<Flow> next = new java.util.ArrayDeque<>(List.of(flow));
		while (!next.isEmpty()) {
			Flow writer = next.poll();
			for (Flow reader : readersOfDeadLetters(writer, all)) {
				if (reader == flow && writer != flow) {
					List<String> round = new ArrayList<>(List.of(flow.getName()));
					for (Flow f = writer; f != flow; f = cameFrom.get(f)) {
						round.add(1, f.getName());
					}
					round.add(flow.getName());
					error("the flow's dead letters go round: " + String.join(" -> ", round) + ", each flow's dead letters written where the next"
							+ " reads, so a letter no flow can take comes back without end; send one of them into a directory no flow reads", policy,
							DEAD_LETTER_POLICY__ENDPOINT, READS_OWN_OUTPUT);
					return;
				}
				if (reader != flow && !cameFrom.containsKey(reader)) {
					cameFrom.put(reader, writer);
					next.add(reader);
				}
			}
		}
	}

	/** The flows whose file source reads files {@code writer}'s dead letters are written in. */
	private static List<Flow> readersOfDeadLetters(Flow writer, List<Flow> all) {
		DeadLetterPolicy policy = deadLetterPolicy(writer);
		List<Flow> readers = new ArrayList<>();
		if (policy == null) {
			return readers;
		}
		for (Flow reader : all) {
			FileTransport source = fileSource(reader);
			if (source != null && writesWhere(source, policy.getEndpoint())) {
				readers.add(reader);
			}
		}
		return readers;
	}

	private static DeadLetterPolicy deadLetterPolicy(Flow flow) {
		return EcoreUtil2.getAllContentsOfType(flow, DeadLetterPolicy.class).stream()
				.filter(p -> p.getEndpoint() != null && !p.getEndpoint().eIsProxy()).findFirst().orElse(null);
	}

	/** What is wrong with {@code endpoint} writing files where the flow's {@code source} reads, or {@code null}. */
	private static String writesWhereItReads(Flow flow, FileTransport source, Endpoint endpoint, String what) {
		if (!writesWhere(source, endpoint)) {
			return null;
		}
		FileTransport written = (FileTransport) endpoint.getTransport();
		return "flow " + flow.getName() + " reads \"" + source.getDirectory() + "\" (pattern \"" + pattern(source) + "\") and " + what + " (\""
				+ writtenPattern(endpoint, written) + "\"): the flow would read its own output again and again; write into another directory,"
				+ " or give the source and the target patterns no file matches both (e.g. \"in-*.ndjson\" and \"out-*.ndjson\")";
	}

	/** Whether {@code endpoint} writes files in {@code source}'s directory that its pattern matches. */
	private static boolean writesWhere(FileTransport source, Endpoint endpoint) {
		return endpoint != null && !endpoint.eIsProxy() && endpoint.getTransport() instanceof FileTransport written
				&& written.getDirectory() != null && sameDirectory(source, written)
				&& Globs.overlap(pattern(source), writtenPattern(endpoint, written));
	}

	/** The names the runner's file sink writes: its pattern, else the endpoint's name, a '*' and the format's extension. */
	private static String writtenPattern(Endpoint endpoint, FileTransport file) {
		if (file.getPattern() != null && !file.getPattern().isEmpty()) {
			return file.getPattern();
		}
		RecordFormat format = endpoint.getRecord() == null || endpoint.getRecord().eIsProxy() ? null : endpoint.getRecord().getFormat();
		return endpoint.getName() + "-*" + (format == RecordFormat.CSV ? ".csv" : format == RecordFormat.NDJSON ? ".ndjson" : ".json");
	}

	/**
	 * Review 20: a source's pattern with a folder in it ("sub/*.ndjson", or "**" and a slash) passed and matched nothing,
	 * the runner matching the names in the directory alone; a target's was refused (see SystemValidator).
	 */
	@Check
	public void aSourcePatternNamesFiles(Endpoint endpoint) {
		if (endpoint.getDirection() == Direction.RECEIVES && endpoint.getTransport() instanceof FileTransport file
				&& file.getPattern() != null && (file.getPattern().contains("/") || file.getPattern().contains("\\"))) {
			String pattern = file.getPattern();
			error("a pattern names the files in the endpoint's directory, not a path (no subfolder is read, so it matches"
					+ " nothing): put the folder in the directory, e.g. file \"" + file.getDirectory() + "/…\" pattern \""
					+ pattern.substring(Math.max(pattern.lastIndexOf('/'), pattern.lastIndexOf('\\')) + 1) + "\"", file,
					FILE_TRANSPORT__PATTERN, PATTERN_PATH);
		}
	}

	private static FileTransport fileSource(Flow flow) {
		Endpoint endpoint = flow.getSource() == null ? null : flow.getSource().getEndpoint();
		return endpoint != null && !endpoint.eIsProxy() && endpoint.getTransport() instanceof FileTransport file
				&& file.getDirectory() != null ? file : null;
	}

	/** The runner's rule: {@code root.resolve(directory).normalize()}. */
	private static boolean sameDirectory(FileTransport a, FileTransport b) {
		try {
			return Path.of(a.getDirectory()).normalize().equals(Path.of(b.getDirectory()).normalize());
		} catch (InvalidPathException e) {
			return a.getDirectory().equals(b.getDirectory());
		}
	}

	/** No pattern reads every file, as the runner's {@code glob:*}. */
	private static String pattern(FileTransport file) {
		return file.getPattern() == null || file.getPattern().isEmpty() ? "*" : file.getPattern();
	}

	/** Every flow of the project, by file (its URI) and then by position in the file. */
	private static List<Flow> flowsInOrder(Flow context) {
		List<Resource> resources = new ArrayList<>(context.eResource().getResourceSet().getResources());
		resources.sort(Comparator.comparing(r -> String.valueOf(r.getURI())));
		List<Flow> flows = new ArrayList<>();
		for (Resource resource : resources) {
			for (var content : resource.getContents()) {
				if (content instanceof IslFile file) {
					file.getElements().stream().filter(Flow.class::isInstance).map(Flow.class::cast).forEach(flows::add);
				}
			}
		}
		return flows;
	}

	/** file:line of a flow's {@code from}. */
	private static String where(Flow flow) {
		var node = NodeModelUtils.getNode(flow.getSource());
		String file = flow.eResource().getURI().lastSegment();
		return node == null ? file : file + ":" + node.getStartLine();
	}
}
