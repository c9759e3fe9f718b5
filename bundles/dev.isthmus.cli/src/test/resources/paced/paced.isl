/** Records from a directory to an API that takes two requests in any three seconds. */
package paced

system Meter kind product {
    record Reading ndjson {
        id    : string
        value : integer
    }

    endpoint readings file "in" pattern "*.ndjson" receives Reading
}

system Api kind billing {
    record Reading json {
        id    : string
        value : integer
    }

    endpoint readings http post "${env:API_URL}/readings" sends Reading
        rate 2 per 3s
}

mapping ReadingToApi : Meter.Reading -> Api.Reading {
    id    <- id
    value <- value
}

flow Readings {
    from Meter.readings
    to Api.readings via ReadingToApi
}
