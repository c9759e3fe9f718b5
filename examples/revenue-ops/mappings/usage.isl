/** Product telemetry to billable usage. */
package acme.revenue

mapping UsageEventToUsage : Product.UsageEvent -> UsageRecord {
    customer <- customerId
    sku      <- sku
    window   <- truncate(occurredAt, 1h)
    quantity <- quantity
    firstEvent <- eventId
}

mapping UsageToMeterEvent : UsageRecord -> Stripe.StripeMeterEvent {
    event_name <- sku
    // Stripe keeps an identifier unique for 24 hours: a late result of the same hour (records after its window
    // closed, a group of their own) must not take the first result's, or Stripe refuses its quantity.
    identifier <- sha256(concat(customer, "|", sku, "|", toString(window), "|", firstEvent))
    timestamp  <- toEpochSeconds(window)
    payload {
        stripe_customer_id <- customer
        value              <- toString(quantity)
    }
}
