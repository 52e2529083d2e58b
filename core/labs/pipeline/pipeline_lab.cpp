// The pipeline lab (kind "pipeline"): the lesson of queue.Queue, asyncio.Queue and
// producer/consumer pipelines with backpressure. Real queues between real threads (mode
// "threads"), coroutines on one event loop (mode "async"), or consumers in worker processes fed
// over pipes (mode "processes", multiprocessing.Queue); see pipeline_core.h for what is
// measured and how Little's law is checked.
#include "pipeline_lab.h"

#include "pipeline_config.h"
#include "pipeline_core.h"
#include "pipeline_runner.h"

namespace looplab::labs {

namespace {

class PipelineLab final : public engine::Lab
{
public:
    explicit PipelineLab(pipeline::PipelineConfig config)
        : m_core(std::move(config))
    { }
    ~PipelineLab() override { stop(); }

    void start(const engine::LabContext& ctx) override
    {
        m_core.begin(ctx);
        // Processes: the thread runner's producers and queues, its consumers in worker processes.
        m_runner = m_core.config().mode == pipeline::Mode::Async ? pipeline::makeAsyncRunner(m_core)
                                                                 : pipeline::makeThreadRunner(m_core);
        m_runner->start();
    }

    void stop() override
    {
        if (m_runner)
            m_runner->stop();
        m_runner.reset();
        m_core.end();
    }

    engine::ParameterChange applyParameter(const QString& path, const QJsonValue& value) override
    {
        // The source's rate and the stages' service times are read for every item: they change
        // live. Anything else (workers, capacities, disciplines, mode) rebuilds the pipeline.
        if (value.isDouble() && m_core.applyParameter(path, value.toDouble()))
            return engine::ParameterChange::Applied;
        return engine::ParameterChange::NeedsRestart;
    }

    QMap<QString, double> metrics(const metrics::LabSnapshot& data) const override { return m_core.metrics(data); }
    QString status() const override { return m_core.status(); }

private:
    pipeline::PipelineCore m_core;
    std::unique_ptr<pipeline::PipelineRunner> m_runner;
};

} // namespace

scenario::KindSpec pipelineKindSpec()
{
    return pipeline::makePipelineKindSpec();
}

std::unique_ptr<engine::Lab> createPipelineLab(const scenario::LabConfig& config)
{
    return std::make_unique<PipelineLab>(pipeline::PipelineConfig::fromLab(config));
}

} // namespace looplab::labs
