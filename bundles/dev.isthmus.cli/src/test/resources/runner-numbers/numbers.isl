/** Numbers at the edge of what the runtime can carry: dropped files of decimals to files. */
package num

system S kind erp {
    record R ndjson {
        id     : string
        amount : decimal
        extra  : { }?
    }
    endpoint src file "in" pattern "*.ndjson" receives R
    endpoint out file "out" pattern "o-*.ndjson" sends R
}

flow Copy {
    from S.src
    to S.out
    dead-letter
}
