/** Tables and CSV files for the runner's tests: a polled table out to CSV files, CSV files into a table. */
package tables

system Erp kind erp {
    record Invoice csv {
        invoiceNo : integer
        customer : string
        amount   : decimal
    }

    endpoint invoices jdbc env ERP_URL table "INVOICES" key "INVOICENO" receives Invoice
    endpoint export file "export" pattern "invoices-*.csv" sends Invoice
    endpoint imports file "import" pattern "*.csv" receives Invoice
    endpoint archive jdbc embedded table "ARCHIVE" key "INVOICENO" sends Invoice
}

flow TableToFiles {
    from Erp.invoices
    to Erp.export
}

flow FilesToTable {
    from Erp.imports
    to Erp.archive
    dead-letter
}
