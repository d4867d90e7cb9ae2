#ifndef ANZHI_CLIBXML2_SHIM_H
#define ANZHI_CLIBXML2_SHIM_H
/* Debian's libxml2 is built with ICU and its headers pull in the system ICU 72,
   which clashes with the ICU that Foundation carries ('UErrorCode' has different
   definitions). We never lay out the ICU-dependent structs, so switch it off here,
   after xmlversion.h has defined it and before any other libxml2 header uses it. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/HTMLparser.h>
#endif
