// Writes the JSON Schema of the scenario format, generated from the real lab catalog; with
// --check, tells whether a committed schema file is up to date (and how to regenerate it).
//
//   looplab_dump_schema                 the schema on stdout
//   looplab_dump_schema FILE            written to FILE (atomically)
//   looplab_dump_schema --check FILE    exit 0 when FILE is what this build generates, else 1
#include "catalog/catalog.h"
#include "scenario/scenario_loader.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const QByteArray schema = looplab::scenario::generateJsonSchema(looplab::labCatalog());
    QTextStream err(stderr);

    if (args.size() == 2 && args[0] == QLatin1String("--check")) {
        QFile f(args[1]);
        const QByteArray committed = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        if (committed == schema)
            return 0;
        err << args[1] << (committed.isEmpty() ? " is missing or empty" : " is out of date with the lab catalog")
            << ".\nRegenerate it with:\n  " << app.applicationFilePath() << ' ' << args[1]
#ifdef LOOPLAB_REGENERATE_HINT
            << "\nor:\n  " << LOOPLAB_REGENERATE_HINT
#endif
            << '\n';
        return 1;
    }
    if (args.size() == 1 && !args[0].startsWith(u'-')) {
        QSaveFile f(args[0]);
        if (!f.open(QIODevice::WriteOnly) || f.write(schema) != schema.size() || !f.commit()) {
            err << "cannot write " << args[0] << ": " << f.errorString() << '\n';
            return 1;
        }
        return 0;
    }
    if (!args.isEmpty()) {
        err << "usage: looplab_dump_schema [FILE] | --check FILE\n";
        return 2;
    }
    fwrite(schema.constData(), 1, size_t(schema.size()), stdout);
    return 0;
}
