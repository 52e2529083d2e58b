// Completion order against submission order. concurrent.futures.as_completed / asyncio.as_completed
// hand out each result as its task finishes; executor.map and asyncio.gather hand out result i only
// once results 0..i-1 are out. Both are measured here from the tasks' real completions: how many
// tasks finished while one submitted earlier had not (completion_out_of_order), which task
// finished first (first_done_index), and how long finished results would sit waiting to be handed
// out in submission order (results_in_order_wait_ms).
//
// The api parameter then says which of these the caller gets: submit (as_completed) and
// imap_unordered hand each result out as its task is done; imap hands result i out once 0..i are
// done; map hands the whole list out when the last task is done. What the caller got is measured
// from the same completions: results_delivered, first_result_ms, results_held_back_ms.
#include "pool_lab_impl.h"

namespace looplab::labs::pool {

void PoolLab::deliverResults(metrics::Recorder& rec, int64_t count, int64_t heldNs, int64_t atNs)
{
    if (count <= 0)
        return;
    int64_t none = 0;
    m_firstDeliveredNs.compare_exchange_strong(none, atNs);
    m_delivered.fetch_add(count, std::memory_order_relaxed);
    m_heldBackNs.fetch_add(heldNs, std::memory_order_relaxed);
    rec.count(m_sDelivered, double(count), atNs);
}

void PoolLab::recordCompletionOrder(metrics::Recorder& rec, int64_t index, int64_t doneNs)
{
    int64_t expected = -1;
    m_firstDoneIndex.compare_exchange_strong(expected, index);
    std::lock_guard lock(m_orderMutex);
    const bool unordered = m_p.api == ResultApi::Submit || m_p.api == ResultApi::ImapUnordered;
    if (unordered)
        deliverResults(rec, 1, 0, doneNs); // as_completed / imap_unordered: now
    m_doneSumNs += doneNs;
    if (index != m_nextInOrder) {
        // An earlier task is still running (or queued): as_completed yields this one now; map
        // and gather keep it until every earlier one is done.
        m_outOfOrder.fetch_add(1, std::memory_order_relaxed);
        m_doneAhead.emplace(index, doneNs);
        return;
    }
    // The first result still owed in submission order is here: it and every result already done
    // behind it are handed out now, each having waited since its own completion.
    const int64_t from = m_nextInOrder++;
    int64_t waited = 0;
    for (auto it = m_doneAhead.begin(); it != m_doneAhead.end() && it->first == m_nextInOrder;
         it = m_doneAhead.erase(it), ++m_nextInOrder)
        waited += doneNs - it->second;
    if (waited > 0)
        m_inOrderWaitNs.fetch_add(waited, std::memory_order_relaxed);
    if (m_p.api == ResultApi::Imap)
        deliverResults(rec, m_nextInOrder - from, waited, doneNs); // the iterator yields these now
    else if (m_p.api == ResultApi::Map && m_nextInOrder >= m_p.tasks) // the list: every result, now
        deliverResults(rec, m_nextInOrder, m_nextInOrder * doneNs - m_doneSumNs, doneNs);
}

} // namespace looplab::labs::pool
