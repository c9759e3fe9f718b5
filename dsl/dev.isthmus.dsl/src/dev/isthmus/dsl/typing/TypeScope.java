package dev.isthmus.dsl.typing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.isthmus.library.IslType;

/**
 * What names mean at one place in an expression: variables ({@code each … as l}, lambda parameters), then the
 * members of the current record, then — in tests — the project's models and records by name.
 */
public final class TypeScope {

	private final TypeScope parent;
	private final IslType root;
	private final Map<String, IslType> variables = new HashMap<>();
	private final ProjectIndex project;
	private final boolean shapesAsRoots;
	private final Set<String> readMembers;

	private TypeScope(TypeScope parent, IslType root, ProjectIndex project, boolean shapesAsRoots,
			Set<String> readMembers) {
		this.parent = parent;
		this.root = root;
		this.project = project;
		this.shapesAsRoots = shapesAsRoots;
		this.readMembers = readMembers;
	}

	/** Names resolve against {@code root} (the current record), or nothing when it is {@code null}. */
	public static TypeScope of(IslType root, ProjectIndex project) {
		return new TypeScope(null, root, project, false, new java.util.HashSet<>());
	}

	/** A test's scope: models and records are roots, e.g. {@code Invoice.total}. */
	public static TypeScope ofTest(ProjectIndex project) {
		return new TypeScope(null, null, project, true, new java.util.HashSet<>());
	}

	/** A nested scope with one more variable. */
	public TypeScope with(String variable, IslType type) {
		TypeScope child = new TypeScope(this, root, project, shapesAsRoots, readMembers);
		child.variables.put(variable, type);
		return child;
	}

	IslType variable(String name) {
		for (TypeScope s = this; s != null; s = s.parent) {
			IslType type = s.variables.get(name);
			if (type != null) {
				return type;
			}
		}
		return null;
	}

	public IslType root() {
		return root;
	}

	public ProjectIndex project() {
		return project;
	}

	boolean shapesAsRoots() {
		return shapesAsRoots;
	}

	/** Records that a member of the root was read (for "source field never read"). */
	void read(String member) {
		readMembers.add(member);
	}

	/** The members of the root read so far in this scope and its children. */
	public Set<String> readMembers() {
		return readMembers;
	}
}
