/** Raw telemetry becomes hourly billable usage, so that billing never sees duplicates or single events. */
package acme.revenue

flow UsageToBilling {
    from Product.usageEvents
    idempotent on eventId for 7d
    map UsageEventToUsage
    aggregate by customer, sku every 1h {
        quantity   <- sum(quantity)
        firstEvent <- first(firstEvent) ?? ""
    }
    to Stripe.meterEvents via UsageToMeterEvent
    retry 10 times backoff exponential from 1s to 10min
    dead-letter
}
