/** From billing's records to canonical documents, and from canonical documents to the ERP. */
package acme.revenue

import acme.common.*

mapping StripeInvoiceToInvoice : Stripe.StripeInvoice -> Invoice {
    id       <- id
    customer <- customer
    currency <- upper(currency)
    total    <- minorToDecimal(total, currency)
    status   <- match status {
        "draft" -> DRAFT
        "open" -> OPEN
        "paid" -> PAID
        "void" -> VOID
        else -> UNCOLLECTIBLE
    }
    issuedAt <- epochSeconds(created)
    lines    <- each lines.data as l {
        sku         <- l.price?.product ?? "unassigned"
        description <- l.description
        amount      <- minorToDecimal(l.amount, currency)
    }
}

/** Revenue per line on the credit side, the receivable on the debit side. */
mapping InvoiceToJournal : Invoice -> NetSuite.NsJournalEntry {
    externalId <- concat("INV-", id)
    tranDate   <- toDate(issuedAt, "America/New_York")
    memo       <- concat("Invoice ", id, " of ", customer)
    subsidiary {
        internalId <- subsidiaryOf(entityByCurrency(currency))
    }
    currency {
        name <- currency
    }
    lineList   += {
        account {
            internalId <- "1200"
        }
        debit <- total
        memo  <- "Accounts receivable"
    }
    lineList   += each lines as line {
        account {
            internalId <- revenueAccountBySku(line.sku) ?? "4000"
        }
        credit <- line.amount
        memo   <- line.description ?? line.sku
    }
}

mapping StripeCreditNoteToCreditMemo : Stripe.StripeCreditNote -> CreditMemo {
    id       <- id
    invoice  <- invoice
    customer <- customer
    currency <- upper(currency)
    amount   <- minorToDecimal(total, currency)
    reason   <- reason ?? "order_change"
    issuedAt <- epochSeconds(created)
}

mapping CreditMemoToJournal : CreditMemo -> NetSuite.NsJournalEntry {
    externalId <- concat("CM-", id)
    tranDate   <- toDate(issuedAt, "America/New_York")
    memo       <- concat("Credit memo ", id, " for invoice ", invoice)
    subsidiary {
        internalId <- subsidiaryOf(entityByCurrency(currency))
    }
    currency {
        name <- currency
    }
    lineList   += {
        account {
            internalId <- "4900"
        }
        debit <- amount
        memo  <- reason
    }
    lineList   += {
        account {
            internalId <- "1200"
        }
        credit <- amount
        memo   <- "Accounts receivable"
    }
}

mapping CreditMemoToApproval : CreditMemo -> Operations.ApprovalRequest {
    document <- id
    customer <- customer
    amount   <- amount
    currency <- currency
    reason   <- concat("Credit of ", format(amount), " ", currency, " needs approval: ", reason)
}

mapping InvoiceToLateTransaction : Invoice -> Operations.LateTransaction {
    document    <- id
    legalEntity <- name(entityByCurrency(currency))
    period      <- periodOf(issuedAt)
    amount      <- total
    currency    <- currency
}
