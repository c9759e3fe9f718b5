/** CRM, support desk and the product itself. */
package acme.revenue

system Salesforce kind crm {
    record SfAccount json {
        Id              : string
        Name            : string
        BillingCountry  : string?
        Billing_Email__c : string?
        Stripe_Customer__c : string?
        IsDeleted       : boolean
    }

    endpoint accountChanges webhook "/salesforce/accounts" receives SfAccount
        signature hmac-sha256 header "X-Salesforce-Signature" secret env SALESFORCE_SIGNING_SECRET
}

system Zendesk kind support {
    record ZdTicket json {
        id            : integer
        subject       : string
        requester_id  : integer
        organization  : { external_id : string }
        custom_fields : { credit_amount : string?, credit_currency : string? }
        tags          : [ string ]
    }

    /** Zendesk signs the timestamp it sends, then the body: base64(HMAC-SHA256(timestamp + body)). */
    endpoint tickets webhook "/zendesk/tickets" receives ZdTicket
        signature hmac-sha256 header "X-Zendesk-Webhook-Signature"
            timestamp "X-Zendesk-Webhook-Signature-Timestamp" signs "{timestamp}{body}"
            secret env ZENDESK_WEBHOOK_SECRET tolerance 5min
}

system Product kind product {
    /** Raw telemetry, one JSON object per line, many duplicates. */
    record UsageEvent ndjson {
        eventId    : string
        customerId : string
        sku        : string
        quantity   : integer
        occurredAt : timestamp
    }

    record EntitlementChange json {
        customer : string
        feature  : string
        level    : string
        reason   : string?
    }

    endpoint usageEvents file "inbox/usage" pattern "*.ndjson" receives UsageEvent
    endpoint entitlements http post "${env:PRODUCT_API}/entitlements" sends EntitlementChange
        auth api-key header "X-Api-Key" env PRODUCT_API_KEY
        timeout 5s
}

/** Where people and other teams pick up what automation should not decide alone. */
system Operations kind workflow {
    record ApprovalRequest json {
        document : string
        customer : string
        amount   : decimal
        currency : string
        reason   : string
    }

    record LateTransaction csv {
        document    : string
        legalEntity : string
        period      : string
        amount      : decimal
        currency    : string
    }

    /** A dead letter as the team reads it: the runner fills these fields from the letter (see 'dead-letter into'). */
    record DeadLetter ndjson {
        deadLetterId   : integer
        flowName       : string
        step           : string
        reason         : string
        correlationId  : string
        deadLetteredAt : timestamp
        target         : string?
        payload        : { }?
    }

    endpoint approvals jdbc embedded table "APPROVAL_QUEUE" key "DOCUMENT" sends ApprovalRequest
    endpoint lateTransactions file "outbox/late" pattern "late-*.csv" sends LateTransaction
    endpoint failedRecords file "outbox/dead-letters" pattern "dead-letters-*.ndjson" sends DeadLetter
}
