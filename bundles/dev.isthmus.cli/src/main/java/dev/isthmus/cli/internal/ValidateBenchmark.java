package dev.isthmus.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.isthmus.dsl.project.IslProject;
import dev.isthmus.dsl.project.ProjectDiagnostic;

/**
 * Benchmark (not a test): parse + link + validate generated projects of 1,000 and 10,000 lines, cold (the first
 * run in this JVM) and warm (median of later runs), beside a baseline run of the same input with parse + link
 * only. Prints the figures and the ratios.
 *
 * <pre>java -cp 'releng/dev.isthmus.cli.dist/target/isthmus/lib/*' dev.isthmus.cli.internal.ValidateBenchmark</pre>
 */
public final class ValidateBenchmark {

	private static final int WARM_RUNS = 7;

	private ValidateBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		Path small = generate(1_000);
		Path large = generate(10_000);
		long cold = time(large, true);
		System.out.printf("%-34s %10s %10s%n", "project", "validate", "parse+link");
		System.out.printf("%-34s %8.0f ms %10s%n", "10,000 lines, cold (first run)", cold / 1e6, "");
		double largeValidate = median(large, true);
		double largeParse = median(large, false);
		double smallValidate = median(small, true);
		double smallParse = median(small, false);
		System.out.printf("%-34s %8.0f ms %7.0f ms%n", "10,000 lines, warm (median of " + WARM_RUNS + ")", largeValidate, largeParse);
		System.out.printf("%-34s %8.0f ms %7.0f ms%n", "1,000 lines, warm (median of " + WARM_RUNS + ")", smallValidate, smallParse);
		System.out.printf("ratio validate / parse+link (10,000 lines): %.2f%n", largeValidate / largeParse);
		System.out.printf("ratio 10,000 / 1,000 lines (validate, warm): %.2f  (10.00 is linear)%n", largeValidate / smallValidate);
	}

	private static double median(Path project, boolean validate) throws IOException {
		double[] runs = new double[WARM_RUNS];
		for (int i = 0; i < WARM_RUNS; i++) {
			runs[i] = time(project, validate) / 1e6;
		}
		Arrays.sort(runs);
		return runs[WARM_RUNS / 2];
	}

	private static long time(Path project, boolean validate) throws IOException {
		long start = System.nanoTime();
		IslProject loaded = IslProject.load(project);
		if (validate) {
			List<ProjectDiagnostic> problems = loaded.validate().stream()
					.filter(d -> d.severity() != ProjectDiagnostic.Severity.INFO).toList();
			if (!problems.isEmpty()) {
				throw new IllegalStateException("the generated project has problems: " + problems.get(0).format());
			}
		} else {
			loaded.resources().forEach(resolve());
		}
		return System.nanoTime() - start;
	}

	private static Consumer<Resource> resolve() {
		return EcoreUtil::resolveAll;
	}

	/** A project of about {@code lines} lines: files of 1,000 lines, each unit a model pair, two systems, two mappings, a flow. */
	static Path generate(int lines) throws IOException {
		Path dir = Files.createTempDirectory("isthmus-bench-" + lines + "-");
		List<String> file = new ArrayList<>();
		int written = 0;
		int unit = 0;
		int files = 0;
		while (written < lines) {
			if (file.isEmpty()) {
				file.add("package bench.f" + files);
			}
			String block = UNIT.replace("{i}", Integer.toString(unit++));
			file.add(block);
			written += block.split("\n").length + 1;
			if (file.size() * 70 >= 1_000 || written >= lines) {
				Files.writeString(dir.resolve("f" + files++ + ".isl"), String.join("\n\n", file) + "\n");
				file.clear();
			}
		}
		return dir;
	}

	private static final String UNIT = """
			model Order{i} owner Shop{i} {
			    key id : String
			    customer : String
			    total : Decimal(2) range 0 .. 1000000
			    currency : Currency
			    placedAt : Timestamp
			    lines : OrderLine{i}[]
			    note : String?
			}

			model OrderLine{i} {
			    sku : String
			    amount : Decimal(2)
			}

			system Shop{i} kind billing {
			    record ShopOrder{i} json {
			        id : string
			        customer : string
			        amount : integer
			        currency : string
			        created : integer
			        items : [ { sku : string, amount : integer } ]
			    }
			    endpoint orders webhook "/shop{i}/orders" receives ShopOrder{i} signature none
			}

			system Ledger{i} kind erp {
			    record Posting{i} json { reference : string, total : decimal }
			    endpoint postings http post "${env:LEDGER_URL}/postings" sends Posting{i}
			}

			mapping ShopOrderToOrder{i} : Shop{i}.ShopOrder{i} -> Order{i} {
			    id <- id
			    customer <- upper(customer)
			    total <- minorToDecimal(amount, currency)
			    currency <- upper(currency)
			    placedAt <- epochSeconds(created)
			    lines <- each items as item {
			        sku <- item.sku
			        amount <- minorToDecimal(item.amount, currency)
			    }
			}

			mapping OrderToPosting{i} : Order{i} -> Ledger{i}.Posting{i} {
			    reference <- concat("ORD-", id)
			    total <- total
			}

			flow PostOrders{i} {
			    from Shop{i}.orders where amount > 0
			    idempotent on id for 7d
			    map ShopOrderToOrder{i}
			    validate
			    route {
			        when total > 1000.00 -> Ledger{i}.postings via OrderToPosting{i}
			        otherwise -> Ledger{i}.postings via OrderToPosting{i}
			    }
			    retry 3 times backoff exponential from 1s to 1min
			}""";
}
