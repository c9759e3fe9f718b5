/** What-if scenarios an analyst runs in the simulator. */
package acme.revenue

/** Month-end: twelve times the usual invoices in the last hour, while the ERP has a half-hour outage. */
scenario MonthEndPeak for InvoicePosting {
    duration 24h
    seed 42
    arrivals Stripe.events poisson 2000 per 1h, peak 12000 per 1h from 23h to 24h
    duplicates 2%
    malformed 0.5%
    endpoint NetSuite.journals latency lognormal median 300ms p99 2s, failures 3%, outage from 2h to 2h30min
    expect p95 latency < 5min
    expect deadLetters < 0.1%
    expect backlog < 20000
}

/** A product launch triples telemetry; does hourly aggregation keep billing's meter API under its rate limit? */
scenario LaunchDayUsage for UsageToBilling {
    duration 6h
    seed 7
    arrivals Product.usageEvents constant 30000 per 1h, peak 90000 per 1h from 1h to 3h
    duplicates 5%
    endpoint Stripe.meterEvents latency uniform 50ms to 400ms, failures 1%, rate 25 per 1s
    expect p99 latency < 2h
    expect deadLetters < 0.01%
    expect throughput > 1000 per 1h
}
