package dev.isthmus.studio.internal.wizards;

/**
 * The kinds of {@code .isl} file the New wizards create, each with a template that validates on its own in any
 * project: the names it declares derive from the file name, so two files of one kind do not clash.
 */
public enum IslFileKind {

	/** A canonical model: the data as every system should know it. */
	MODEL("model", "Isthmus Model", """
			package ${package}

			/** A ${name} as every system should know it. */
			model ${name} {
			    key id : String
			    name   : String
			}
			"""),

	/** An external system: its record shapes and endpoints. */
	SYSTEM("system", "Isthmus System", """
			package ${package}

			/** An external system: the records it exchanges and the endpoints it exchanges them on. */
			system ${name} kind erp {
			    /** Import real shapes with File > Import > Isthmus > Record Shape. */
			    record ${name}Record json {
			        id   : string
			        name : string?
			    }

			    endpoint records webhook "/${path}/records" receives ${name}Record
			        signature hmac-sha256 header "X-Signature" secret env WEBHOOK_SECRET
			}
			"""),

	/** A typed mapping from one shape to another. */
	MAPPING("mapping", "Isthmus Mapping", """
			package ${package}

			/** What a source system sends; replace it with a record of one of your systems. */
			record ${name}Source json {
			    id    : string
			    label : string?
			}

			/** What it becomes; replace it with one of your canonical models. */
			model ${name}Target {
			    key id : String
			    label  : String?
			}

			/** One rule per target field: target <- expression over the source's fields. */
			mapping ${name} : ${name}Source -> ${name}Target {
			    id    <- id
			    label <- label
			}
			"""),

	/** A flow: from an endpoint, through steps, to endpoints. */
	FLOW("flow", "Isthmus Flow", """
			package ${package}

			/** Where the flow's records come from; replace it with one of your systems. */
			system ${name}Source kind billing {
			    record Item json {
			        id : string
			    }

			    endpoint items webhook "/${path}/items" receives Item
			        signature hmac-sha256 header "X-Signature" secret env WEBHOOK_SECRET
			}

			/** Where they go; replace it with one of your systems. */
			system ${name}Target kind erp {
			    record Entry csv {
			        id : string
			    }

			    endpoint entries file "outbox/${path}" pattern "*.csv" sends Entry
			}

			mapping ${name}ItemToEntry : ${name}Source.Item -> ${name}Target.Entry {
			    id <- id
			}

			/** Add steps between from and to: map, validate, idempotent, route, aggregate. */
			flow ${name} {
			    from ${name}Source.items
			    to ${name}Target.entries via ${name}ItemToEntry
			}
			""");

	private final String keyword;
	private final String title;
	private final String template;

	IslFileKind(String keyword, String title, String template) {
		this.keyword = keyword;
		this.title = title;
		this.template = template;
	}

	/** The kind a wizard's initialization data names, e.g. {@code mapping}; {@code null} if none. */
	public static IslFileKind named(String keyword) {
		for (IslFileKind kind : values()) {
			if (kind.keyword.equals(keyword)) {
				return kind;
			}
		}
		return null;
	}

	/** The language keyword of the declaration, e.g. {@code flow}. */
	public String keyword() {
		return keyword;
	}

	/** The wizard's title, e.g. "Isthmus Flow". */
	public String title() {
		return title;
	}

	/** The file's text: the template with the package and the declaration's name filled in. */
	public String template(String packageName, String name) {
		return template.replace("${package}", packageName).replace("${name}", name)
				.replace("${path}", name.toLowerCase(java.util.Locale.ROOT));
	}
}
