package io.triad.search.correlation;

import java.util.List;

/**
 * The answer to a {@link TransactionsRequest}.
 *
 * @param transactions the transactions in the requested order, at most the limit
 * @param total the transactions found before the limit was applied
 * @param truncated whether more events matched than the service reads (the groups are then incomplete)
 */
public record Transactions(List<TransactionSummary> transactions, int total, boolean truncated) {
    public Transactions {
        transactions = List.copyOf(transactions);
    }
}
