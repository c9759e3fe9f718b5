/**
 * HTTP targets as a review found them failing: a key in the URL's query, field values in the URL's path, answers too
 * big, cut short or redirected, Retry-After, and a runner stopped in the middle of a batch.
 */
package web

record Item json {
    id   : string
    path : string
    name : string
}

system Src kind workflow {
    endpoint plain webhook "/plain" receives Item
    endpoint retried webhook "/retried" receives Item
    endpoint patient webhook "/patient" receives Item
    endpoint rated webhook "/rated" receives Item
    endpoint patientForever webhook "/forever" receives Item
}

system Api kind workflow {
    endpoint items http post "${env:BASE}/{path}/item/{name}?api_key=${env:QKEY}" sends Item
        auth basic env BASIC_CREDS
        timeout 1s
    endpoint patient http post "${env:BASE}/{path}/item/{name}" sends Item
        timeout 5s
    endpoint rated http post "${env:BASE}/{path}/item/{name}" sends Item
        rate 1 per 20s
        timeout 1s
    endpoint forever http post "${env:BASE}/{path}/item/{name}" sends Item
        timeout 999999999d
}

/** No retry policy: the first failure is a dead letter. */
flow Plain {
    from Src.plain
    to Api.items
    dead-letter
}

flow Retried {
    from Src.retried
    to Api.items
    retry 3 times backoff fixed from 1s to 1s
    dead-letter
}

flow Patient {
    from Src.patient
    to Api.patient
    dead-letter
}

/** A timeout past what the JDK can count (in nanoseconds): waited for a day at most. */
flow Forever {
    from Src.patientForever
    to Api.forever
    dead-letter
}

flow Rated {
    from Src.rated
    to Api.rated
    dead-letter
}

record Reading json {
    id         : string
    path       : string
    name       : string
    occurredAt : timestamp
}

system Meter kind workflow {
    endpoint readings webhook "/readings" receives Reading
}

mapping ReadingToItem : Reading -> Item {
    id   <- id
    path <- path
    name <- name
}

/** Readings summed per path, name and hour: a group of late readings is a result of its own. */
flow Readings {
    from Meter.readings
    aggregate by path, name every 1h {
        id <- last(id) ?? "none"
    }
    to Api.patient via ReadingToItem
    dead-letter
}
