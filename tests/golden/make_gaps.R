# Expected gaps between two groups' means, from R survey (svyby with covmat=TRUE, then
# svycontrast), for tests/survey/test_gaps.py. Run from the repository root:
#   Rscript tests/golden/make_gaps.R
# Written with R 4.2.2 and survey 4.1.1 (see tests/golden/versions.txt).
suppressMessages(library(survey))
options(warn = 2)
api <- function(name) read.csv(file.path("tests", "data", "api", paste0(name, ".csv")))
designs <- list(
  strat = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = api("apistrat")),
  clus1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = api("apiclus1")),
  clus2 = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = api("apiclus2"))
)
rows <- list()
add <- function(design, variable, domain, measure, contrast) {
  rows[[length(rows) + 1]] <<- data.frame(
    design = design, variable = variable, domain = domain, measure = measure,
    estimate = sprintf("%.17g", coef(contrast)), se = sprintf("%.17g", SE(contrast))
  )
}
for (name in names(designs)) {
  d <- designs[[name]]
  for (variable in c("api00", "ell")) {
    f <- as.formula(paste0("~", variable))
    overall <- svyby(f, ~sch.wide, d, svymean, covmat = TRUE)
    add(name, variable, "", "difference", svycontrast(overall, quote(Yes - No)))
    add(name, variable, "", "ratio", svycontrast(overall, quote(Yes / No)))
    within <- svyby(f, ~stype + sch.wide, d, svymean, covmat = TRUE)
    for (s in c("E", "H", "M")) {
      yes <- as.name(paste0(s, ".Yes"))
      no <- as.name(paste0(s, ".No"))
      if (!all(c(as.character(yes), as.character(no)) %in% names(coef(within)))) next
      add(name, variable, paste0("stype=", s), "difference",
          svycontrast(within, substitute(a - b, list(a = yes, b = no))))
      add(name, variable, paste0("stype=", s), "ratio",
          svycontrast(within, substitute(a / b, list(a = yes, b = no))))
    }
  }
}
write.csv(do.call(rbind, rows), file.path("tests", "golden", "gaps.csv"), row.names = FALSE)
