/** Billing, shaped like Stripe's API (shared/samples/stripe): amounts in minor units, lower-case currencies,
    timestamps in epoch seconds. */
package acme.revenue

system Stripe kind billing {
    /** Every webhook delivery; the record it carries is in data.object. */
    record StripeEvent json {
        id       : string
        type     : string
        created  : integer
        data     : { object : { } }
    }

    record StripeInvoice json {
        id          : string
        customer    : string
        currency    : string
        amount_due  : integer
        total       : integer
        status      : string
        created     : integer
        lines       : { data : [ { id : string, amount : integer, description : string?, price : { product : string }? } ] }
    }

    record StripeCreditNote json {
        id       : string
        invoice  : string
        customer : string
        currency : string
        total    : integer
        reason   : string?
        created  : integer
    }

    record StripeCharge json {
        id            : string
        customer      : string?
        invoice       : string?
        amount        : integer
        currency      : string
        paid          : boolean
        status        : string
        failure_code  : string?
        created       : integer
    }

    record StripeCustomer json {
        id       : string
        name     : string?
        email    : string?
        currency : string?
        metadata : { crm_account : string? }
    }

    /** Usage reported to Stripe Billing meters. Stripe's v1 API takes form bodies (payload[value]=…), not JSON. */
    record StripeMeterEvent form {
        event_name : string
        identifier : string
        timestamp  : integer
        payload    : { stripe_customer_id : string, value : string }
    }

    endpoint events webhook "/stripe/events" receives StripeEvent
        signature stripe header "Stripe-Signature" secret env STRIPE_WEBHOOK_SECRET tolerance 5min

    endpoint meterEvents http post "${env:STRIPE_API}/v1/billing/meter_events" sends StripeMeterEvent
        auth bearer env STRIPE_API_KEY
        rate 25 per 1s
        timeout 10s
}
