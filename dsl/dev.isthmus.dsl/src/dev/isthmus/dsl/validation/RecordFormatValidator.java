package dev.isthmus.dsl.validation;

import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ENDPOINT__DIRECTION;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.ENDPOINT__RECORD;
import static dev.isthmus.dsl.isthmus.IsthmusPackage.Literals.HTTP_TRANSPORT__METHOD;

import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import dev.isthmus.dsl.isthmus.Direction;
import dev.isthmus.dsl.isthmus.Endpoint;
import dev.isthmus.dsl.isthmus.FileTransport;
import dev.isthmus.dsl.isthmus.HttpMethod;
import dev.isthmus.dsl.isthmus.HttpTransport;
import dev.isthmus.dsl.isthmus.JdbcTransport;
import dev.isthmus.dsl.isthmus.RecordFormat;

/**
 * A record's format is one its endpoint can carry. A {@code form} record (application/x-www-form-urlencoded, as
 * Stripe's API takes it) is only ever a request body the runner sends: an http target's POST, PUT or PATCH. A webhook,
 * file or table has no form to read or write, and a GET or DELETE no body; the runner would send JSON or nothing
 * where the user wrote form, so it is said here.
 */
public class RecordFormatValidator extends AbstractDeclarativeValidator {

	public static final String FORM_ENDPOINT = "dev.isthmus.dsl.formEndpoint";

	@Override
	public void register(EValidatorRegistrar registrar) {
		// Composed into IsthmusValidator; not registered on its own.
	}

	@Check
	public void aFormIsSentInAnHttpBody(Endpoint endpoint) {
		if (endpoint.getRecord() == null || endpoint.getRecord().eIsProxy() || endpoint.getRecord().getFormat() != RecordFormat.FORM) {
			return;
		}
		String record = endpoint.getRecord().getName();
		if (!(endpoint.getTransport() instanceof HttpTransport http)) {
			String kind = endpoint.getTransport() instanceof FileTransport ? "a file endpoint reads and writes json, ndjson or csv files"
					: endpoint.getTransport() instanceof JdbcTransport ? "a jdbc endpoint reads and writes table rows"
							: "a webhook receives json";
			error(record + " is a form record, which only an http target sends (http post, put or patch); " + kind
					+ ": declare " + record + " json" + (endpoint.getTransport() instanceof FileTransport ? ", ndjson or csv" : "")
					+ ", or give this endpoint a record of its own", endpoint, ENDPOINT__RECORD, FORM_ENDPOINT, record);
			return;
		}
		if (endpoint.getDirection() != Direction.SENDS) {
			error(record + " is a form record, which the runner only sends as a request body, and an endpoint that "
					+ endpoint.getDirection().getLiteral() + " records takes them in, where the runner reads json, not forms: declare the"
					+ " endpoint 'sends' " + record + ", or declare " + record + " json", endpoint, ENDPOINT__DIRECTION, FORM_ENDPOINT, record);
			return;
		}
		if (http.getMethod() == HttpMethod.GET || http.getMethod() == HttpMethod.DELETE) {
			error(record + " is a form record, sent as the request's body, and an http " + http.getMethod().getLiteral()
					+ " sends no body; use http post (as Stripe's API takes forms), put or patch, or put the values in the URL"
					+ " ({field}) and declare " + record + " json", http, HTTP_TRANSPORT__METHOD, FORM_ENDPOINT, record);
		}
	}
}
