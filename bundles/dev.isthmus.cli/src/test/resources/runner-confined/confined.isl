/**
 * A file source and a file target, both inside the run root, for the root's confinement: done/ and failed/ linked
 * out of it, and directories replaced by symbolic links while the runner runs.
 */
package confined

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

/** Retried for long enough that a target directory put back meanwhile receives what waited. */
flow Copy {
    from Src.inbox
    to Dst.out
    retry 100 times backoff fixed from 1s to 1s
    dead-letter
}
