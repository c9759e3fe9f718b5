/** The ERP, shaped like NetSuite's SOAP records (shared/samples/netsuite). */
package acme.revenue

system NetSuite kind erp {
    record NsJournalEntry json {
        externalId  : string
        tranDate    : date
        memo        : string?
        subsidiary  : { internalId : string }
        currency    : { name : string }
        lineList    : [ { account : { internalId : string }, debit : decimal?, credit : decimal?, memo : string? } ]
    }

    record NsCustomer json {
        externalId  : string
        companyName : string
        email       : string?
        subsidiary  : { internalId : string }
        isInactive  : boolean?
    }

    endpoint journals http post "${env:NETSUITE_URL}/record/v1/journalEntry" sends NsJournalEntry
        auth bearer env NETSUITE_TOKEN
        rate 10 per 1s
        timeout 30s

    endpoint customers http put "${env:NETSUITE_URL}/record/v1/customer" sends NsCustomer
        auth bearer env NETSUITE_TOKEN
        rate 10 per 1s
}
