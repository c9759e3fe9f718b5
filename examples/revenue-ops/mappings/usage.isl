/** Product telemetry to billable usage. */
package acme.revenue

mapping UsageEventToUsage : Product.UsageEvent -> UsageRecord {
    customer <- customerId
    sku      <- sku
    window   <- truncate(occurredAt, 1h)
    quantity <- quantity
}

mapping UsageToMeterEvent : UsageRecord -> Stripe.StripeMeterEvent {
    event_name <- sku
    identifier <- sha256(concat(customer, "|", sku, "|", toString(window)))
    timestamp  <- toEpochSeconds(window)
    payload {
        stripe_customer_id <- customer
        value              <- toString(quantity)
    }
}
