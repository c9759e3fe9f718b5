package dev.isthmus.studio.internal.wizards;

/** What a new Isthmus project starts with. */
public enum ProjectStart {

	/** One small {@code .isl} file with a canonical model, to grow from. */
	EMPTY("Empty project with a starter model"),

	/** A copy of the revenue-operations example that ships inside the Studio: 18 files, samples and tests. */
	REVENUE_OPS_EXAMPLE("From the revenue-ops example (Stripe, Salesforce, Zendesk and the product to NetSuite)");

	private final String label;

	ProjectStart(String label) {
		this.label = label;
	}

	/** The text of the choice on the wizard page. */
	public String label() {
		return label;
	}
}
