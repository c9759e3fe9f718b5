/** A small shop for the model views' tests. */
package shop

enum Status { OPEN PAID }

model Order owner Till {
    key id   : String             matches "^O-[0-9]+$"
    customer : String
    total    : Decimal(2)         range 0 .. 100000
    currency : Currency
    status   : Status = OPEN
    placedAt : Timestamp
    note     : String?
    lines    : Line[1..*]
}

model Line {
    sku      : String
    quantity : Long
}
