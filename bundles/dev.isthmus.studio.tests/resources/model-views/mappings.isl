package shop

mapping TillToOrder : Till.TillOrder -> Order {
    id       <- id
    customer <- "walk-in"
    total    <- minorToDecimal(amount, currency)
    currency <- upper(currency)
    placedAt <- now()
    lines    <- each items as i {
        sku      <- i.sku
        quantity <- i.qty
    }
}

mapping OrderToEntry : Order -> Books.Entry {
    reference <- id
    total     <- total
    booked    <- toDate(placedAt, "UTC")
}

mapping OrderToReview : Order -> Books.Entry {
    reference <- concat("review-", id)
    total     <- total
    booked    <- toDate(placedAt, "UTC")
}
