/**
 * An HTTP target that takes application/x-www-form-urlencoded bodies, as Stripe's API does: a record declared
 * 'form', nested objects and lists of objects among its fields; and one whose endpoint names its own Content-Type.
 */
package frm

system Shop kind workflow {
    record Order json {
        id       : string
        customer : string
        note     : string?
        amount   : decimal
        paid     : boolean
        items    : [ { price : string, quantity : integer } ]
        tags     : [ string ]
    }

    endpoint orders webhook "/orders" receives Order
    endpoint typedOrders webhook "/typed-orders" receives Order
}

system Stripe kind billing {
    record Invoice form {
        customer    : string
        description : string?
        amount      : decimal
        paid        : boolean
        metadata    : { order_id : string, note : string? }
        lines       : [ { price : string, quantity : integer } ]
        tags        : [ string ]
    }

    endpoint invoices http post "${env:BASE}/v1/invoices" sends Invoice
        auth bearer env STRIPE_KEY
        timeout 5s
    endpoint typed http put "${env:BASE}/v1/typed/{customer}" sends Invoice
        header "Content-Type" "application/x-www-form-urlencoded; charset=utf-8"
        timeout 5s
}

mapping OrderToInvoice : Shop.Order -> Stripe.Invoice {
    customer    <- customer
    description <- note
    amount      <- amount
    paid        <- paid
    metadata {
        order_id <- id
        note     <- note
    }
    lines <- each items as i {
        price    <- i.price
        quantity <- i.quantity
    }
    tags <- tags
}

/** No retry policy: a refusal is a dead letter at once. */
flow Invoices {
    from Shop.orders
    to Stripe.invoices via OrderToInvoice
    dead-letter
}

flow Typed {
    from Shop.typedOrders
    to Stripe.typed via OrderToInvoice
    dead-letter
}
