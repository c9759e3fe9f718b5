/** Usage events to hourly rows in a table: aggregation windows held in the journal across runs. */
package usage

system Product kind product {
    record UsageEvent ndjson {
        eventId    : string
        customerId : string
        sku        : string
        quantity   : integer
        occurredAt : timestamp
    }

    endpoint events file "inbox" pattern "*.ndjson" receives UsageEvent
}

model UsageRecord owner Product {
    key customer : String
    key sku      : String
    key window   : Timestamp
    quantity     : Long
}

system Warehouse kind database {
    record UsageHourly json {
        customer     : string
        sku          : string
        window_start : timestamp
        quantity     : integer
    }

    endpoint hourly jdbc embedded table "USAGE_HOURLY" sends UsageHourly
}

mapping EventToUsage : Product.UsageEvent -> UsageRecord {
    customer <- customerId
    sku      <- sku
    window   <- truncate(occurredAt, 1h)
    quantity <- quantity
}

mapping UsageToHourly : UsageRecord -> Warehouse.UsageHourly {
    customer     <- customer
    sku          <- sku
    window_start <- window
    quantity     <- quantity
}

flow UsageToWarehouse {
    from Product.events
    idempotent on eventId for 7d
    map EventToUsage
    aggregate by customer, sku every 1h {
        quantity <- sum(quantity)
    }
    to Warehouse.hourly via UsageToHourly
    dead-letter
}
