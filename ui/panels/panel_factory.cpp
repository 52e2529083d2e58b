#include "panel_factory.h"

#include "event_loop_panel.h"
#include "generic_panel.h"

// Dedicated panels of the other labs, each in its own file pair.
#if __has_include("pool_panel.h")
#include "pool_panel.h"
#define LOOPLAB_POOL_PANEL 1
#endif
#if __has_include("pipeline_panel.h")
#include "pipeline_panel.h"
#define LOOPLAB_PIPELINE_PANEL 1
#endif
#if __has_include("api_panel.h")
#include "api_panel.h"
#define LOOPLAB_API_PANEL 1
#endif
#if __has_include("vector_search_panel.h")
#include "vector_search_panel.h"
#define LOOPLAB_VECTOR_SEARCH_PANEL 1
#endif
#if __has_include("python_panel.h")
#include "python_panel.h"
#define LOOPLAB_PYTHON_PANEL 1
#endif
#if __has_include("search_panel.h")
#include "search_panel.h"
#define LOOPLAB_SEARCH_PANEL 1
#endif

namespace looplab::ui {

LabPanel* createLabPanel(const scenario::LabConfig& config, QWidget* parent)
{
    if (config.kind == QLatin1String("event_loop"))
        return new EventLoopPanel(config, parent);
#ifdef LOOPLAB_POOL_PANEL
    if (config.kind == QLatin1String("pool"))
        return new PoolPanel(config, parent);
#endif
#ifdef LOOPLAB_PIPELINE_PANEL
    if (config.kind == QLatin1String("pipeline"))
        return new PipelinePanel(config, parent);
#endif
#ifdef LOOPLAB_API_PANEL
    if (config.kind == QLatin1String("api"))
        return new ApiPanel(config, parent);
#endif
#ifdef LOOPLAB_VECTOR_SEARCH_PANEL
    if (config.kind == QLatin1String("vector_search"))
        return new VectorSearchPanel(config, parent);
#endif
#ifdef LOOPLAB_PYTHON_PANEL
    if (config.kind == QLatin1String("python"))
        return new PythonPanel(config, parent);
#endif
#ifdef LOOPLAB_SEARCH_PANEL
    if (config.kind == QLatin1String("vector_search"))
        return new SearchPanel(config, parent);
#endif
    return new GenericPanel(config, parent);
}

} // namespace looplab::ui
