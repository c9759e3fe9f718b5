package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ENRICH_STEP__ENDPOINT;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ENRICH_STEP__FIELD;

import java.util.regex.Matcher;

import org.eclipse.xtext.validation.Check;

import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.EnrichStep;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.Flow;
import dev.isthmus.dsl.isthmus.HttpMethod;
import dev.isthmus.dsl.isthmus.HttpTransport;
import dev.isthmus.dsl.isthmus.JdbcTransport;
import dev.isthmus.dsl.isthmus.Step;
import dev.isthmus.dsl.typing.FlowTypes;
import dev.isthmus.dsl.typing.ShapeTypes;
import dev.isthmus.dsl.typing.Suggestions;
import dev.isthmus.library.Assignability;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.ObjectType;

/**
 * {@code enrich field with call Endpoint} as the runner runs it: an HTTP GET to the endpoint's URL, each
 * {@code {name}} in it filled from the flow's record at the step (not from the endpoint's record, which is what
 * the endpoint answers), and the answer, typed by the endpoint's record, put into the field. So the endpoint is
 * an {@code http get … receives Record}, the URL names fields the flow's record has, and the field takes that
 * record (a field declared as the record, or an opaque {@code { }}). The patterns are the runner's (UrlTemplate).
 */
public class EnrichCallValidator extends TypingSupport {

	public static final String BAD_CALL = "dev.isthmus.dsl.badCall";
	public static final String OPTIONAL_CALL_FIELD = "dev.isthmus.dsl.optionalCallField";

	@Check
	public void callsFitTheirFlow(Flow flow) {
		if (flow.getSource() == null) {
			return;
		}
		IslType current = FlowTypes.ofSource(flow.getSource());
		for (Step step : flow.getSteps()) {
			if (step instanceof EnrichStep enrich && enrich.getEndpoint() != null && !enrich.getEndpoint().eIsProxy()) {
				call(enrich, enrich.getEndpoint(), current);
			}
			current = FlowTypes.after(step, current, typer, project(step));
		}
	}

	private void call(EnrichStep step, Endpoint endpoint, IslType current) {
		String name = endpoint.getName();
		if (!(endpoint.getTransport() instanceof HttpTransport http) || http.getMethod() != HttpMethod.GET) {
			error("a call asks its endpoint with an HTTP GET and takes its answer, but " + name + " is " + transport(endpoint)
					+ "; call an endpoint declared http get \"https://…/{id}\" receives <Record>", step, ENRICH_STEP__ENDPOINT, BAD_CALL);
			return;
		}
		if (endpoint.getDirection() != Direction.RECEIVES) {
			error(name + " " + endpoint.getDirection().getLiteral() + ", but a call's endpoint answers records the flow receives; declare it"
					+ " 'receives'", step, ENRICH_STEP__ENDPOINT, BAD_CALL);
			return;
		}
		if (endpoint.getRecord() != null && !endpoint.getRecord().eIsProxy()
				&& endpoint.getRecord().getFormat() != dev.isthmus.dsl.isthmus.RecordFormat.JSON) {
			error(name + " answers " + endpoint.getRecord().getName() + ", a " + endpoint.getRecord().getFormat().getLiteral()
					+ " record, and the runner reads a call's answer as JSON; declare the record json", step, ENRICH_STEP__ENDPOINT, BAD_CALL);
			return;
		}
		String chosen = http.getUrl() == null ? null : HttpUrlTemplateValidator.hostChosenByRecord(http.getUrl());
		if (chosen != null && HttpUrlTemplateValidator.sendsCredentials(endpoint)) {
			error(HttpUrlTemplateValidator.hostChosen(endpoint, chosen), step, ENRICH_STEP__ENDPOINT, BAD_CALL);
		} else if (chosen != null) {
			warning(HttpUrlTemplateValidator.hostChosen(endpoint, chosen), step, ENRICH_STEP__ENDPOINT, HttpUrlTemplateValidator.HOST_FROM_RECORD);
		}
		if (!(current.required() instanceof ObjectType object)) {
			return;
		}
		urlFields(step, http, object);
		IslType slot = object.members().member(step.getField());
		if (slot == null) {
			error(object.display() + " has no field '" + step.getField() + "' to enrich" + Suggestions.didYouMean(step.getField(),
					object.members().names()), step, ENRICH_STEP__FIELD, FlowValidator.SHAPE_MISMATCH);
			return;
		}
		if (endpoint.getRecord() == null || endpoint.getRecord().eIsProxy()) {
			return;
		}
		IslType answer = ShapeTypes.of(endpoint.getRecord());
		boolean opaque = slot.required() instanceof ObjectType o && o.members().names().isEmpty();
		// A model's field may be the record; a system record's field can only be an opaque { }.
		boolean model = ShapeTypes.declaration(current, step.getField()) instanceof dev.isthmus.dsl.isthmus.Field;
		String record = endpoint.getRecord().eContainer() instanceof dev.isthmus.dsl.isthmus.ExternalSystem system
				? system.getName() + "." + endpoint.getRecord().getName() : endpoint.getRecord().getName();
		String declare = step.getField() + " : " + (model ? record : "{ }") + "?";
		if (!opaque && Assignability.problem(answer, slot.required()) != null) {
			error("'" + step.getField() + "' is " + slot.display() + ", but " + name + " answers " + endpoint.getRecord().getName()
					+ " records, which the field takes whole; declare it " + (model ? "as one" : "opaque") + " (" + declare
					+ "), or enrich a field of that type", step, ENRICH_STEP__FIELD, FlowValidator.SHAPE_MISMATCH);
		} else if (!slot.isOptional()) {
			// Filled after the record is read or mapped, it would be missing there: the read or the mapping refuses it.
			error("'" + step.getField() + "' is required, but the call fills it after the record is " + (model ? "mapped" : "read")
					+ ", where it would be missing (and the endpoint may have no such record); declare it optional (" + declare + ")",
					step, ENRICH_STEP__FIELD, FlowValidator.SHAPE_MISMATCH);
		}
	}

	/** Each {@code {name}} of the URL must be a single value of the flow's record, which fills it. */
	private void urlFields(EnrichStep step, HttpTransport http, ObjectType record) {
		if (http.getUrl() == null) {
			return;
		}
		String leftOver = HttpUrlTemplateValidator.leftOver(http.getUrl(), " (" + record.display() + ": " + String.join(", ",
				record.members().names()) + ")", "the flow's record before this step");
		if (leftOver != null) {
			error("the URL of " + step.getEndpoint().getName() + ": " + leftOver, step, ENRICH_STEP__ENDPOINT, BAD_CALL);
		}
		Matcher m = HttpUrlTemplateValidator.FIELD.matcher(HttpUrlTemplateValidator.ENVIRONMENT.matcher(http.getUrl()).replaceAll("-"));
		while (m.find()) {
			String field = m.group(1);
			IslType type = record.members().member(field);
			if (type == null) {
				error("the URL of " + step.getEndpoint().getName() + " names {" + field + "}, which the records here (" + record.display()
						+ ") have not; a call fills the URL from the flow's record" + Suggestions.didYouMean(field, record.members().names()),
						step, ENRICH_STEP__ENDPOINT, BAD_CALL);
			} else if (type.required() instanceof ObjectType || type.required() instanceof IslType.ListType) {
				error("the URL of " + step.getEndpoint().getName() + " names {" + field + "}, which is " + (type.required() instanceof ObjectType
						? "an object (" + type.display() + ")" : "a list (" + type.display() + ")") + " here, and a"
						+ " URL takes a single value; name a field that is a string or a number", step, ENRICH_STEP__ENDPOINT, BAD_CALL);
			} else if (type.isOptional()) {
				warning("the URL of " + step.getEndpoint().getName() + " names {" + field + "}, which is optional here: a record without "
						+ field + " becomes a dead letter, since the URL cannot be built for it", step, ENRICH_STEP__ENDPOINT,
						OPTIONAL_CALL_FIELD, field);
			}
		}
	}

	private static String transport(Endpoint endpoint) {
		return switch (endpoint.getTransport()) {
			case HttpTransport h -> "an http " + h.getMethod().getLiteral() + " endpoint";
			case FileTransport f -> "a file endpoint";
			case JdbcTransport j -> "a jdbc endpoint";
			case null -> "no endpoint";
			default -> "a webhook (it receives what is sent to it)";
		};
	}
}
