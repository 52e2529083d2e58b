// The public parameter contract of `kind: "vector_search"` (issue 7): names, ranges, defaults,
// units and the bilingual tooltips the window shows.
#include "pyrt/interpreter_params.h"
#include "search_lab.h"

namespace looplab::labs {

using scenario::ParamSpec;

scenario::KindSpec vectorSearchKindSpec()
{
    scenario::KindSpec k;
    k.kind = QStringLiteral("vector_search");
    k.titleEn = QStringLiteral("Vector search from async code (FAISS / CUDA)");
    k.titleZh = QStringLiteral("异步代码中的向量检索（FAISS / CUDA）");

    ParamSpec file = ParamSpec::text(QStringLiteral("file"), QString(),
        QStringLiteral("Load vectors from a .fvecs / .bvecs (SIFT format) or float32 .npy file instead of "
                       "generating them; a relative path is taken from the scenario file's folder"),
        QStringLiteral("从 .fvecs / .bvecs（SIFT 格式）或 float32 .npy 文件加载向量，而不是随机生成；"
                       "相对路径以场景文件所在的文件夹为准"));
    file.withOptional();

    k.params = {
        ParamSpec::object(QStringLiteral("dataset"),
            {
                ParamSpec::integer(QStringLiteral("vectors"), 20000, 1, 10'000'000, QStringLiteral("vectors"),
                    QStringLiteral("Number of synthetic database vectors"), QStringLiteral("合成数据库向量的数量")),
                ParamSpec::integer(QStringLiteral("dim"), 64, 1, 4096, QStringLiteral("dims"),
                    QStringLiteral("Dimension of every vector"), QStringLiteral("每个向量的维度")),
                ParamSpec::integer(QStringLiteral("clusters"), 64, 1, 100000, QStringLiteral("clusters"),
                    QStringLiteral("Number of Gaussian clusters the synthetic vectors are drawn around"),
                    QStringLiteral("合成向量所围绕的高斯簇数量")),
                ParamSpec::integer(QStringLiteral("seed"), 1, 0, 2147483647, QString(),
                    QStringLiteral("Random seed of the synthetic data (same seed, same vectors)"),
                    QStringLiteral("合成数据的随机种子（种子相同，向量相同）")),
                file,
            },
            QStringLiteral("The vectors searched: synthetic Gaussian clusters, or a file"),
            QStringLiteral("被检索的向量：合成的高斯簇，或者一个文件")),
        ParamSpec::choice(QStringLiteral("index"), QStringLiteral("flat"),
            {QStringLiteral("flat"), QStringLiteral("ivf"), QStringLiteral("hnsw")},
            QStringLiteral("FAISS index: flat (exact, IndexFlatL2), ivf (IndexIVFFlat: nlist cells, "
                           "nprobe visited) or hnsw (IndexHNSWFlat graph). Built in the background, "
                           "cached on disk"),
            QStringLiteral("FAISS 索引：flat（精确检索，IndexFlatL2）、ivf（IndexIVFFlat：nlist 个聚类单元，"
                           "检索 nprobe 个）或 hnsw（IndexHNSWFlat 图索引）。后台构建，并缓存到磁盘")),
        ParamSpec::integer(QStringLiteral("nlist"), 256, 1, 65536, QStringLiteral("cells"),
            QStringLiteral("IVF: number of cells (k-means centroids) the vectors are split into"),
            QStringLiteral("IVF：向量被划分成的聚类单元（k-means 质心）数量")),
        ParamSpec::integer(QStringLiteral("nprobe"), 8, 1, 65536, QStringLiteral("cells"),
            QStringLiteral("IVF: cells visited per query; more gives higher recall and higher latency"),
            QStringLiteral("IVF：每次查询访问的单元数；越多召回率越高，延迟也越高"), true),
        ParamSpec::integer(QStringLiteral("hnsw_m"), 32, 2, 256, QStringLiteral("links"),
            QStringLiteral("HNSW: neighbours per graph node (M)"), QStringLiteral("HNSW：图中每个节点的邻居数（M）")),
        ParamSpec::integer(QStringLiteral("ef_search"), 64, 1, 65536, QStringLiteral("candidates"),
            QStringLiteral("HNSW: candidate list size at search time; more gives higher recall and latency"),
            QStringLiteral("HNSW：检索时的候选列表大小；越大召回率越高，延迟也越高"), true),
        ParamSpec::choice(QStringLiteral("backend"), QStringLiteral("cpu"),
            {QStringLiteral("cpu"), QStringLiteral("cuda"), QStringLiteral("auto")},
            QStringLiteral("cpu: FAISS on the CPU; cuda: LoopLab's own GPU brute-force search (cuBLAS "
                           "SGEMM + top-k kernel), an error where no GPU is usable; auto: cuda when a GPU "
                           "is usable, otherwise cpu (and says so)"),
            QStringLiteral("cpu：CPU 上的 FAISS；cuda：LoopLab 自己的 GPU 暴力检索（cuBLAS SGEMM + top-k 核函数），"
                           "没有可用 GPU 时报错；auto：有可用 GPU 时用 cuda，否则退回 cpu（并给出说明）")),
        ParamSpec::integer(QStringLiteral("k"), 10, 1, 1024, QStringLiteral("neighbours"),
            QStringLiteral("Nearest neighbours returned per query (top-k)"),
            QStringLiteral("每次查询返回的最近邻数量（top-k）")),
        ParamSpec::real(QStringLiteral("query_rate_per_s"), 200, 0.1, 1e6, QStringLiteral("1/s"),
            QStringLiteral("Open loop: queries arrive as a Poisson process at this mean rate (ignored when "
                           "clients > 0)"),
            QStringLiteral("开环：查询按此平均速率的泊松过程到达（clients > 0 时忽略）"), true),
        ParamSpec::integer(QStringLiteral("clients"), 0, 0, 4096, QStringLiteral("clients"),
            QStringLiteral("Closed loop: this many coroutines each send a query and await its answer "
                           "before the next (0: open loop at query_rate_per_s)"),
            QStringLiteral("闭环：这么多个协程各自发送一个查询，等到结果后再发下一个（0：按 query_rate_per_s 开环）")),
        ParamSpec::choice(QStringLiteral("dispatch"), QStringLiteral("to_thread"),
            {QStringLiteral("on_loop"), QStringLiteral("to_thread"), QStringLiteral("batched")},
            QStringLiteral("on_loop: call the blocking search on the event loop (the mistake); to_thread: "
                           "one query per executor call, like await asyncio.to_thread(index.search, q); "
                           "batched: queries wait up to max_wait_ms to be searched together"),
            QStringLiteral(
                "on_loop：在事件循环上直接调用阻塞的检索（错误做法）；to_thread：每个查询一次执行器调用，"
                "如 await asyncio.to_thread(index.search, q)；batched：查询最多等待 max_wait_ms，合并成一批检索")),
        ParamSpec::integer(QStringLiteral("max_batch"), 32, 1, 4096, QStringLiteral("queries"),
            QStringLiteral("batched: most queries searched in one call"),
            QStringLiteral("batched：一次调用最多检索的查询数"), true),
        ParamSpec::real(QStringLiteral("max_wait_ms"), 2, 0, 1000, QStringLiteral("ms"),
            QStringLiteral("batched: longest a query waits for others to fill its batch"),
            QStringLiteral("batched：一个查询等待凑批的最长时间"), true),
        ParamSpec::integer(QStringLiteral("executor_workers"), 1, 1, 64, QStringLiteral("threads"),
            QStringLiteral("Threads of the executor (ThreadPoolExecutor max_workers) that run the searches"),
            QStringLiteral("执行检索的执行器线程数（ThreadPoolExecutor 的 max_workers）")),
        ParamSpec::integer(QStringLiteral("omp_threads"), 0, 0, 256, QStringLiteral("threads"),
            QStringLiteral("OpenMP/BLAS threads inside each FAISS call (0: automatic: cores divided by "
                           "executor_workers when that gives 4 or more, else 1 — on 2 cores, 2 threads per "
                           "call were measured slower than 1)"),
            QStringLiteral("每次 FAISS 调用内部的 OpenMP/BLAS 线程数（0：自动：核数除以 executor_workers，"
                           "结果不少于 4 时采用，否则为 1——在 2 核机器上实测每次调用 2 个线程比 1 个更慢）")),
        ParamSpec::integer(QStringLiteral("max_queries"), 0, 0, 1e9, QStringLiteral("queries"),
            QStringLiteral("Finish after this many answered queries (0: serve until the run ends); the "
                           "time spent building the index does not count against it"),
            QStringLiteral("回答这么多个查询后结束（0：一直服务到运行结束）；构建索引的时间不计入")),
        ParamSpec::integer(QStringLiteral("recall_sample"), 200, 0, 10000, QStringLiteral("queries"),
            QStringLiteral("Queries whose answers are checked against exact (flat) search for recall@k"),
            QStringLiteral("用精确（flat）检索核对结果以计算 recall@k 的查询数")),
        pyrt::interpreterParam(QStringLiteral("the event loop holds it while it runs, executor threads take it to "
                                              "enter and leave each search, FAISS releases it while searching"),
            QStringLiteral("事件循环运行时持有它，执行器线程进入和离开每次检索时获取它，FAISS 检索期间释放它")),
    };
    return k;
}

} // namespace looplab::labs
