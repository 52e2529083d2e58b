#pragma once
// Entry points of the python lab for the catalog, and what the command line needs.
#include "engine/lab.h"
#include "scenario/param_spec.h"

#include <memory>

namespace looplab::labs {

scenario::KindSpec pythonKindSpec();
std::unique_ptr<engine::Lab> createPythonLab(const scenario::LabConfig& config);

namespace python {
// The folder holding looplab_probe/ and course/ ($LOOPLAB_PYTHON_DIR, else DATA/python from
// engine/app_paths.h: resources/python in a build tree, share/looplab/python installed); empty when
// none is found.
QString pythonResourcesDir();
// A scenario-relative path made absolute: relative to `scenarioDir` (built-in scenarios are files
// too, so "../python/course/x.py" lands in DATA/python/course).
QString resolveScriptPath(const QString& script, const QString& scenarioDir);
// `looplab --python SCRIPT [ARGS...]`: a scenario file's text with one python lab, id "python",
// running SCRIPT (made absolute) for at most `durationS`.
QByteArray commandLineScenario(const QString& script, const QStringList& args, double durationS);
} // namespace python

} // namespace looplab::labs
