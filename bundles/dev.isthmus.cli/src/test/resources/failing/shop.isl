/** A fixture whose tests fail on purpose, to show what a failure looks like. */
package failing

model Order {
    key id : String
    total  : Decimal(2)
}

system Till kind billing {
    record TillOrder json {
        id     : string
        amount : integer
    }

    endpoint orders webhook "/orders" receives TillOrder
    endpoint big http post "https://erp.example/big" sends TillOrder
    endpoint small http post "https://erp.example/small" sends TillOrder
}

mapping TillToOrder : Till.TillOrder -> Order {
    id    <- id
    total <- minorToDecimal(amount, "USD")
}

flow Orders {
    from Till.orders
    route {
        when amount > 1000 -> Till.big
        otherwise -> Till.small
    }
}

test "a large order goes to big" for Orders {
    given Till.orders { "id": "o1", "amount": 50 }
    expect routed to Till.big
}

test "two orders make three outputs" for Orders {
    given Till.orders [ { "id": "o1", "amount": 50 }, { "id": "o2", "amount": 5000 } ]
    expect outputs 3
}

test "the total is in dollars" for TillToOrder {
    given { "id": "o1", "amount": 1999 }
    expect Order.total == 1999
}

test "a small order goes to small" for Orders {
    given Till.orders { "id": "o2", "amount": 10 }
    expect routed to Till.small
}
