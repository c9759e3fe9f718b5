package shop

system Shop kind shop {
    record Change ndjson { id : string, customer : string?, plan : string }
    endpoint changes file "inbox" pattern "*.ndjson" receives Change
}

system Product kind product {
    record Entitlement json { id : string, customer : string?, plan : string }
    endpoint entitlements http post "${env:PRODUCT_URL}/entitlements" sends Entitlement
}

mapping ChangeToEntitlement : Shop.Change -> Product.Entitlement {
    id <- id
    customer <- customer
    plan <- plan
}

/** A customer's plan changes must reach the product in the order they were made; other customers' go on. */
flow Plans {
    from Shop.changes
    ordered by customer
    to Product.entitlements via ChangeToEntitlement
    retry 3 times backoff fixed from 1s to 1s
    dead-letter
}
