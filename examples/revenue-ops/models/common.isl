/** Values shared by every canonical model of the revenue-operations domain. */
package acme.common

/** The legal entities that keep books of their own. */
enum LegalEntity { US01 DE01 SG01 }

enum CustomerStatus { ACTIVE DELINQUENT CLOSED }

enum DocumentStatus { DRAFT OPEN PAID VOID UNCOLLECTIBLE }

enum EntitlementLevel { FULL READ_ONLY SUSPENDED }

/** Months close five days after they end, in the head office's time zone. */
calendar Accounting {
    zone "America/New_York"
    periods monthly
    closes 5d after period end
}
