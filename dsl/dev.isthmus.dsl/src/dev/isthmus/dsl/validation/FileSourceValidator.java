package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.SOURCE__ENDPOINT;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.IslFile;

/**
 * A file is consumed by one flow: read to its end, it moves to done/. The runner refuses two flows reading one file
 * endpoint ("reads the same directory"); two endpoints on one directory (resolved as the runner does, relative and
 * normalized) whose patterns can match the same file would have two flows race for it. Reported at the later
 * flow's {@code from}, in the order of the project's files and their lines.
 */
public class FileSourceValidator extends AbstractDeclarativeValidator {

	public static final String SHARED_DIRECTORY = "dev.isthmus.dsl.sharedDirectory";

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
