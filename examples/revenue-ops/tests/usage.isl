/** Functional tests of usage aggregation. */
package acme.revenue

test "duplicate usage events are counted once per hour and customer" for UsageToBilling {
    given Product.usageEvents from "samples/usage-events.ndjson"
    expect routed to Stripe.meterEvents
    expect outputs 3
}

test "usage lands in the hour it occurred" for UsageEventToUsage {
    given { "eventId": "e1", "customerId": "cus_1", "sku": "prod_api_calls", "quantity": 7, "occurredAt": "2026-11-02T10:59:59Z" }
    expect UsageRecord.window == timestamp("2026-11-02T10:00:00Z")
    expect UsageRecord.quantity == 7
}
