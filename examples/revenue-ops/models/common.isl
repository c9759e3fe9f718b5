/** Values shared by every canonical model of the revenue-operations domain. */
package acme.common

enum LegalEntity { US01 DE01 SG01 }

enum CustomerStatus { ACTIVE DELINQUENT CLOSED }

enum DocumentStatus { DRAFT OPEN PAID VOID UNCOLLECTIBLE }
