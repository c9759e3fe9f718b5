/**
 * A file source and a file target, the target's retries spaced exponentially, so that a later record's first retry
 * would come before an earlier record's next one.
 */
package fileorder

record Row ndjson {
    id     : string
    amount : decimal
}

system Src kind workflow {
    endpoint inbox file "in" pattern "*.ndjson" receives Row
}

system Dst kind workflow {
    endpoint out file "out" pattern "out-*.ndjson" sends Row
}

flow Copy {
    from Src.inbox
    to Dst.out
    retry 30 times backoff exponential from 1s to 8s
    dead-letter
}
