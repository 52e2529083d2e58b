/* Build-time generator: prints python_offsets.h with the field offsets LoopLab's GIL sampler
 * reads in a CPython child, taken from the interpreter's own internal headers (python3.11-dev),
 * never written down by hand. Compiled and run by CMake (core/labs/python/CMakeLists.txt). */
#define Py_BUILD_CORE 1
#include <Python.h>
#include <internal/pycore_runtime.h>

#include <stddef.h>
#include <stdio.h>

int main(void)
{
    _PyRuntimeState* rt = 0;
    printf("#pragma once\n// Generated at build time by gil_offsets.c from CPython %s's internal headers.\n", PY_VERSION);
    printf("#define LOOPLAB_PY_HEADERS 1\n");
    printf("#define LOOPLAB_PY_VERSION_HEX 0x%08lxUL\n", (unsigned long)PY_VERSION_HEX);
    printf("#define LOOPLAB_PY_VERSION \"%s\"\n", PY_VERSION);
    printf("#define LOOPLAB_PY_GIL_LOCKED %zu\n", offsetof(_PyRuntimeState, ceval.gil.locked));
    printf("#define LOOPLAB_PY_GIL_LOCKED_SIZE %zu\n", sizeof(rt->ceval.gil.locked));
    printf("#define LOOPLAB_PY_GIL_LAST_HOLDER %zu\n", offsetof(_PyRuntimeState, ceval.gil.last_holder));
    printf("#define LOOPLAB_PY_GIL_SWITCH_NUMBER %zu\n", offsetof(_PyRuntimeState, ceval.gil.switch_number));
    printf("#define LOOPLAB_PY_TSTATE_NATIVE_ID %zu\n", offsetof(PyThreadState, native_thread_id));
    return 0;
}
