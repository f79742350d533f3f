# Expected values for destat's survey estimation, computed independently with R `survey`.
#
# Run from the repository root:
#     Rscript tests/golden/make_golden.R
# The committed files were produced by R 4.2.2 Patched (2022-11-10 r83330) with survey 4.1.1 and jsonlite 1.8.4
# (tests/golden/versions.txt has the full sessionInfo()). The script is deterministic: running it
# again with the same versions reproduces every file byte for byte.
#
# It writes:
#   tests/data/api/{apistrat,apiclus1,apiclus2,apipop}.csv   survey's `api` data (write.csv, NA as "")
#   tests/data/api/apiclus1_lonely.csv                        apiclus1 re-stratified so that one
#                                                             stratum has a single PSU (see below)
#   tests/golden/cases.json          the designs, calibrations and estimation cases, in the form of
#                                    destat's Python API (column names, margins/totals, by, ...)
#   tests/golden/expected.csv        long format: one row per case x domain x variable x level
#   tests/golden/calweights_<calibration>.csv   calibrated weights, one row per data row
#   tests/golden/versions.txt        R and survey versions, sessionInfo()
#
# All estimates are computed from the CSV files as written and read back, so that destat and R
# start from exactly the same numbers (write.csv keeps 15 significant digits).
# Numbers are written with sprintf("%.17g"), i.e. to full double precision.

suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
options(digits = 17, warn = 2) # any warning (non-convergence, lonely PSU, ...) stops the script
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE,
        survey.ultimate.cluster = FALSE)

DATA_DIR <- file.path("tests", "data", "api")
GOLDEN_DIR <- file.path("tests", "golden")
if (!dir.exists(GOLDEN_DIR)) stop("run this script from the repository root")
dir.create(DATA_DIR, recursive = TRUE, showWarnings = FALSE)

EPSILON <- 1e-12 # calibration convergence: max |misfit| / (1 + |population total|)
MAXIT <- 200

num <- function(x) {
  # full-precision text for a number; NA (not available) -> "", NaN -> "NaN"
  out <- ifelse(is.nan(x), "NaN",
         ifelse(is.na(x), "",
         ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x))))
  as.character(out)
}

# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
data(api, package = "survey")

# A stratified one-stage cluster design with a lonely PSU, derived deterministically from
# apiclus1: the sampled districts (dnum) are put in three strata by district number, A: dnum < 400,
# B: 400 <= dnum < 800, C: dnum >= 800. The stratum population sizes (stratum.fpc) are the numbers
# of districts of apipop in each range, and the weights are N_h / n_h (districts). In apiclus1,
# stratum C holds a single district (dnum 815, four schools): a lonely PSU.
lonely_stratum <- function(dnum) ifelse(dnum < 400, "A", ifelse(dnum < 800, "B", "C"))
apiclus1_lonely <- apiclus1
apiclus1_lonely$stratum <- lonely_stratum(apiclus1_lonely$dnum)
pop_districts <- unique(apipop$dnum)
N_h <- table(lonely_stratum(pop_districts))
n_h <- tapply(apiclus1_lonely$dnum, apiclus1_lonely$stratum, function(d) length(unique(d)))
stopifnot(identical(as.integer(n_h[["C"]]), 1L))
apiclus1_lonely$stratum.fpc <- as.numeric(N_h[apiclus1_lonely$stratum])
apiclus1_lonely$stratum.pw <- as.numeric(N_h[apiclus1_lonely$stratum] /
                                           n_h[apiclus1_lonely$stratum])

originals <- list(apistrat = apistrat, apiclus1 = apiclus1, apiclus2 = apiclus2, apipop = apipop,
                  apiclus1_lonely = apiclus1_lonely)
for (name in names(originals)) {
  write.csv(originals[[name]], file.path(DATA_DIR, paste0(name, ".csv")), row.names = FALSE,
            na = "")
}

read_back <- function(name) {
  template <- originals[[name]]
  d <- read.csv(file.path(DATA_DIR, paste0(name, ".csv")), na.strings = "",
                stringsAsFactors = FALSE, check.names = FALSE)
  stopifnot(identical(names(d), names(template)), nrow(d) == nrow(template))
  for (v in names(template)) {
    if (is.factor(template[[v]])) d[[v]] <- factor(d[[v]], levels = levels(template[[v]]))
    if (is.numeric(template[[v]])) {
      stopifnot(isTRUE(all.equal(as.numeric(d[[v]]), as.numeric(template[[v]]),
                                 tolerance = 1e-13)))
    }
  }
  if (name == "apiclus1_lonely") d$stratum <- factor(d$stratum)
  d
}
datasets <- lapply(setNames(names(originals), names(originals)), read_back)

# ---------------------------------------------------------------------------------------------
# Designs, in the form of destat.Design(data, weights=, strata=, ids=, fpc=, lonely_psu=)
# ---------------------------------------------------------------------------------------------
designs <- list(
  strat = list(data = "apistrat.csv", weights = "pw", strata = "stype", fpc = "fpc"),
  strat_nofpc = list(data = "apistrat.csv", weights = "pw", strata = "stype"),
  clus1 = list(data = "apiclus1.csv", weights = "pw", ids = "dnum", fpc = "fpc"),
  clus1_nofpc = list(data = "apiclus1.csv", weights = "pw", ids = "dnum"),
  clus2 = list(data = "apiclus2.csv", ids = c("dnum", "snum"), fpc = c("fpc1", "fpc2"))
)
# R's survey gives the same variances for "certainty" and "remove" in these (Taylor linearisation)
# designs: in survey:::onestrat both centre the lonely PSU's total on the stratum mean, which is the
# total itself, so the stratum contributes zero. The cases keep both and the script checks that
# they agree. "adjust" centres it on zero (the linearised values are already deviations from the
# overall estimate) and scales by the stratum's (N_h - 1) / N_h; "average" gives the stratum NA and
# multiplies the sum over the other strata by n_strata / n_strata_with_variance.
# For domains (svyby) and na.rm = TRUE, subsetting an uncalibrated design drops the rows outside
# the domain (the PSU counts of the full design are kept), so in survey:::onestage both n_strata
# and n_strata_with_variance count only the strata that have rows in the domain. With "average"
# the factor is then domain-specific: 1 for stype=E & awards=Yes (strata A and B only), 2 for
# stype=H & awards=No (strata B and C), 3/2 for domains that meet all three strata.
for (lp in c("certainty", "remove", "adjust", "average")) {
  designs[[paste0("lonely_", lp)]] <- list(data = "apiclus1_lonely.csv", weights = "stratum.pw",
                                           strata = "stratum", ids = "dnum", fpc = "stratum.fpc")
}
for (nm in names(designs)) {
  lp <- if (startsWith(nm, "lonely_")) sub("lonely_", "", nm) else "fail"
  designs[[nm]]$lonely_psu <- lp
}

data_of <- function(spec) datasets[[sub("\\.csv$", "", spec$data)]]

build_design <- function(spec) {
  args <- list(ids = if (is.null(spec$ids)) ~1 else reformulate(spec$ids), data = data_of(spec))
  if (!is.null(spec$strata)) args$strata <- reformulate(spec$strata)
  if (!is.null(spec$weights)) args$weights <- reformulate(spec$weights)
  if (!is.null(spec$fpc)) args$fpc <- reformulate(spec$fpc)
  do.call(svydesign, args)
}

# ---------------------------------------------------------------------------------------------
# Calibrations, in the form of design.calibrate(margins=, totals=, method=, bounds=)
# ---------------------------------------------------------------------------------------------
count_margin <- function(x) {
  tab <- table(x)
  setNames(as.list(as.numeric(tab)), names(tab))
}
pop_stype <- count_margin(apipop$stype)        # E 4421, H 755, M 1018
pop_schwide <- count_margin(apipop$sch.wide)   # No 1072, Yes 5122
pop_api99 <- sum(apipop$api99)                  # 3914069 (no NA in apipop$api99)
stopifnot(!anyNA(apipop$api99))

# Bounds: logit uses (0.5, 2), which is feasible for both designs. Truncated linear uses bounds
# that bind for some units (plain linear calibration gives g in [0.963, 1.041] for strat and in
# [0.419, 1.833] for clus1), so that the truncation is actually exercised.
calib_specs <- list()
for (base in c("strat", "clus1")) {
  lin_bounds <- if (base == "strat") c(0.97, 1.03) else c(0.6, 1.6)
  calib_specs[[paste0(base, "-cal_linear")]] <- list(
    design = base, method = "linear",
    margins = list(stype = pop_stype), totals = list(api99 = pop_api99))
  calib_specs[[paste0(base, "-cal_raking")]] <- list(
    design = base, method = "raking",
    margins = list(stype = pop_stype, sch.wide = pop_schwide))
  calib_specs[[paste0(base, "-cal_logit")]] <- list(
    design = base, method = "logit",
    margins = list(stype = pop_stype), totals = list(api99 = pop_api99), bounds = c(0.5, 2))
  calib_specs[[paste0(base, "-cal_linear_bounded")]] <- list(
    design = base, method = "linear",
    margins = list(stype = pop_stype), totals = list(api99 = pop_api99), bounds = lin_bounds)
}

# R's calibrate() takes a model formula and the population totals of its model matrix columns:
# (Intercept), then the non-reference levels of each margin, then the numeric totals.
r_population <- function(cal) {
  margin_vars <- names(cal$margins)
  total_vars <- names(cal$totals)
  first <- cal$margins[[1]]
  pop <- c(`(Intercept)` = sum(unlist(first)))
  for (v in margin_vars) {
    m <- cal$margins[[v]]
    stopifnot(isTRUE(all.equal(sum(unlist(m)), pop[[1]])))
    for (lev in names(m)[-1]) pop[[paste0(v, lev)]] <- m[[lev]]
  }
  for (v in total_vars) pop[[v]] <- cal$totals[[v]]
  list(formula = reformulate(c(margin_vars, total_vars)), population = pop)
}

run_calibration <- function(cal, design) {
  rp <- r_population(cal)
  stopifnot(identical(colnames(model.matrix(rp$formula, model.frame(design))), names(rp$population)))
  args <- list(design = design, formula = rp$formula, population = rp$population,
               calfun = cal$method, epsilon = EPSILON, maxit = MAXIT)
  if (!is.null(cal$bounds)) args$bounds <- cal$bounds
  do.call(calibrate, args)
}

# ---------------------------------------------------------------------------------------------
# Estimation cases
# ---------------------------------------------------------------------------------------------
new_case <- function(id, design, estimator, variables, by = character(0), denominator = NULL,
                     na_rm = FALSE, calibration = NULL) {
  list(id = id, design = design, calibration = calibration, estimator = estimator,
       variables = variables, denominator = denominator, by = by, na_rm = na_rm)
}
case_id <- function(prefix, estimator, variables, by, denominator = NULL) {
  what <- paste(variables, collapse = "+")
  if (!is.null(denominator)) what <- paste0(what, "_over_", denominator)
  id <- paste(prefix, estimator, what, sep = "-")
  if (length(by)) id <- paste0(id, "-by-", paste(by, collapse = "+"))
  id
}

# svymean(na.rm = TRUE) needs a variable with NAs but with respondents in every stype domain
# (acs.k3 is missing for all high and middle schools of apistrat; there R returns a mean of 0 with
# SE 0 for such an all-missing domain, and for apiclus2 it stops with an error).
#   apistrat: acs.46 (NA: E 2, H 48, M 16)   apiclus1: avg.ed (NA: E 26)
#   apiclus2: acs.core (NA: E 78)
NA_VARIABLE <- c(apistrat.csv = "acs.46", apiclus1.csv = "avg.ed", apiclus2.csv = "acs.core",
                 apiclus1_lonely.csv = "avg.ed")

cases <- list()
add <- function(prefix, design, estimator, variables, by = character(0), ...) {
  extra <- list(...)
  id <- case_id(prefix, estimator, variables, by, extra$denominator)
  stopifnot(is.null(cases[[id]]))
  cases[[id]] <<- new_case(id, design, estimator, variables, by, ...)
}

for (dn in names(designs)) {
  enroll_na <- anyNA(data_of(designs[[dn]])$enroll) # apiclus2 has 6 NA in enroll
  for (by in list(character(0), "stype", c("stype", "awards"))) {
    add(dn, dn, "mean", "api00", by)
    add(dn, dn, "mean", c("api00", "api99"), by)
    add(dn, dn, "total", "enroll", by, na_rm = enroll_na)
  }
  for (by in list(character(0), "stype")) {
    add(dn, dn, "proportion", "sch.wide", by)
    add(dn, dn, "proportion", "awards", by)
    add(dn, dn, "ratio", "api00", by, denominator = "api99")
    add(dn, dn, "mean", NA_VARIABLE[[designs[[dn]]$data]], by, na_rm = TRUE)
  }
}
for (cn in names(calib_specs)) {
  base <- calib_specs[[cn]]$design
  add(cn, base, "mean", "api00", calibration = cn)
  add(cn, base, "total", "enroll", calibration = cn)
  add(cn, base, "mean", "api00", "stype", calibration = cn)
}

# ---------------------------------------------------------------------------------------------
# Computing one case
# ---------------------------------------------------------------------------------------------
domain_label <- function(byvals, by) {
  if (!length(by)) return("")
  paste0(by, "=", vapply(by, function(v) as.character(byvals[[v]]), ""), collapse = ";")
}

# Unweighted respondents: rows of the domain where the variable(s) are not missing.
count_n <- function(dat, in_domain, vars) sum(in_domain & stats::complete.cases(dat[, vars, drop = FALSE]))

stat_names <- function(cs, dat) {
  # (variable, level) for each statistic, in R's order
  if (cs$estimator == "proportion") {
    lev <- levels(dat[[cs$variables]])
    data.frame(variable = cs$variables, level = lev, stringsAsFactors = FALSE)
  } else if (cs$estimator == "ratio") {
    data.frame(variable = paste0(cs$variables, "/", cs$denominator), level = "",
               stringsAsFactors = FALSE)
  } else {
    data.frame(variable = cs$variables, level = "", stringsAsFactors = FALSE)
  }
}

vars_for_n <- function(cs, variable) {
  if (cs$estimator == "ratio") c(cs$variables, cs$denominator) else variable
}

compute_case <- function(cs, design, dat) {
  fml <- reformulate(cs$variables)
  fun <- switch(cs$estimator, mean = svymean, proportion = svymean, total = svytotal,
                ratio = svyratio)
  df <- degf(design)
  sn <- stat_names(cs, dat)
  k <- nrow(sn)
  if (!length(cs$by)) {
    obj <- if (cs$estimator == "ratio") {
      svyratio(fml, reformulate(cs$denominator), design, na.rm = cs$na_rm, deff = TRUE)
    } else {
      fun(fml, design, na.rm = cs$na_rm, deff = TRUE)
    }
    est <- matrix(coef(obj), nrow = 1)
    se <- matrix(SE(obj), nrow = 1)
    deffs <- matrix(deff(obj), nrow = 1)
    ci <- confint(obj)
    cit <- confint(obj, df = df)
    ci_l <- matrix(ci[, 1], nrow = 1); ci_u <- matrix(ci[, 2], nrow = 1)
    cit_l <- matrix(cit[, 1], nrow = 1); cit_u <- matrix(cit[, 2], nrow = 1)
    doms <- list(list())
    in_dom <- list(rep(TRUE, nrow(dat)))
  } else {
    args <- list(formula = fml, by = reformulate(cs$by), design = design, FUN = fun,
                 deff = TRUE, keep.var = TRUE, na.rm = cs$na_rm)
    if (cs$estimator == "ratio") args$denominator <- reformulate(cs$denominator)
    b <- do.call(svyby, args)
    m <- length(cs$by)
    nd <- nrow(b)
    stopifnot(attr(b, "svyby")$nstats == k, ncol(b) == m + 3 * k)
    est <- as.matrix(b[, m + seq_len(k), drop = FALSE])
    se <- as.matrix(b[, m + k + seq_len(k), drop = FALSE])
    deffs <- as.matrix(b[, m + 2 * k + seq_len(k), drop = FALSE])
    # confint() of an svyby orders the statistics domain-fastest (as coef() does)
    ci <- confint(b)
    cit <- confint(b, df = df)
    stopifnot(isTRUE(all.equal(as.vector(coef(b)), as.vector(est), tolerance = 0)))
    ci_l <- matrix(ci[, 1], nrow = nd); ci_u <- matrix(ci[, 2], nrow = nd)
    cit_l <- matrix(cit[, 1], nrow = nd); cit_u <- matrix(cit[, 2], nrow = nd)
    doms <- lapply(seq_len(nd), function(i) lapply(setNames(cs$by, cs$by), function(v) b[i, v]))
    in_dom <- lapply(doms, function(dv) {
      Reduce(`&`, lapply(cs$by, function(v) as.character(dat[[v]]) == as.character(dv[[v]])))
    })
  }
  # the CI columns must be the plain normal / t intervals
  q <- qnorm(0.975); qt_ <- qt(0.975, df)
  stopifnot(isTRUE(all.equal(ci_l, est - q * se, tolerance = 1e-12, check.attributes = FALSE)),
            isTRUE(all.equal(cit_u, est + qt_ * se, tolerance = 1e-12, check.attributes = FALSE)))
  rows <- list()
  for (i in seq_along(doms)) {
    for (j in seq_len(k)) {
      rows[[length(rows) + 1]] <- data.frame(
        case = cs$id, domain = domain_label(doms[[i]], cs$by),
        variable = sn$variable[j],
        level = sn$level[j],
        estimate = num(est[i, j]), se = num(se[i, j]), deff = num(deffs[i, j]),
        ci_low = num(ci_l[i, j]), ci_high = num(ci_u[i, j]),
        ci_low_t = num(cit_l[i, j]), ci_high_t = num(cit_u[i, j]),
        df = as.character(df),
        n = as.character(count_n(dat, in_dom[[i]], vars_for_n(cs, sn$variable[j]))),
        cv = num(se[i, j] / est[i, j]),
        stringsAsFactors = FALSE)
    }
  }
  do.call(rbind, rows)
}

# ---------------------------------------------------------------------------------------------
# Run everything
# ---------------------------------------------------------------------------------------------
base_designs <- lapply(designs, build_design)
cal_designs <- list()
for (cn in names(calib_specs)) {
  cal <- calib_specs[[cn]]
  des <- run_calibration(cal, base_designs[[cal$design]])
  cal_designs[[cn]] <- des
  w <- weights(des)
  wfile <- paste0("calweights_", cn, ".csv")
  calib_specs[[cn]]$weights_file <- wfile
  write.csv(data.frame(row = seq_along(w), weight = num(w)), file.path(GOLDEN_DIR, wfile),
            row.names = FALSE, quote = FALSE)
  # the calibrated weights hit the population totals
  rp <- r_population(cal)
  mm <- model.matrix(rp$formula, model.frame(des))
  stopifnot(isTRUE(all.equal(colSums(mm * w), rp$population, tolerance = 1e-10,
                             check.attributes = FALSE)))
  if (!is.null(cal$bounds)) {
    g <- w / weights(base_designs[[cal$design]])
    stopifnot(all(g >= cal$bounds[1] - 1e-9), all(g <= cal$bounds[2] + 1e-9))
    if (cal$method == "linear") stopifnot(any(abs(g - cal$bounds[1]) < 1e-12 |
                                              abs(g - cal$bounds[2]) < 1e-12))
  }
}

results <- list()
for (cs in cases) {
  spec <- designs[[cs$design]]
  options(survey.lonely.psu = spec$lonely_psu)
  design <- if (is.null(cs$calibration)) base_designs[[cs$design]] else cal_designs[[cs$calibration]]
  if (nzchar(Sys.getenv("GOLDEN_TRACE"))) message(cs$id)
  results[[cs$id]] <- compute_case(cs, design, data_of(spec))
}
options(survey.lonely.psu = "fail")
expected <- do.call(rbind, results)
rownames(expected) <- NULL

# "certainty" and "remove" agree (see the note above); "adjust" and "average" differ from them.
strip <- function(lp) {
  e <- expected[startsWith(expected$case, paste0("lonely_", lp, "-")), ]
  e$case <- sub(paste0("^lonely_", lp), "", e$case)
  rownames(e) <- NULL
  e
}
stopifnot(identical(strip("certainty"), strip("remove")),
          !identical(strip("certainty")$se, strip("adjust")$se),
          !identical(strip("certainty")$se, strip("average")$se))

# With lonely_psu = "fail", R stops at the first variance computation.
lonely_fail <- tryCatch({
  options(survey.lonely.psu = "fail")
  svymean(~api00, build_design(designs$lonely_certainty))
  NULL
}, error = function(e) conditionMessage(e))
stopifnot(!is.null(lonely_fail))

write.csv(expected, file.path(GOLDEN_DIR, "expected.csv"), row.names = FALSE, na = "", quote = 1:4)

# ---------------------------------------------------------------------------------------------
# cases.json: the machine-readable description the Python test reads
# ---------------------------------------------------------------------------------------------
json_design <- function(spec) {
  out <- list(data = spec$data)
  for (key in c("weights", "strata", "ids", "fpc")) {
    if (!is.null(spec[[key]])) out[[key]] <- if (length(spec[[key]]) > 1) I(spec[[key]]) else spec[[key]]
  }
  out$lonely_psu <- spec$lonely_psu
  out
}
json_calibration <- function(cal) {
  out <- list(design = cal$design, method = cal$method, margins = cal$margins)
  if (!is.null(cal$totals)) out$totals <- cal$totals
  if (!is.null(cal$bounds)) out$bounds <- I(cal$bounds)
  out$weights_file <- cal$weights_file
  out
}
json_case <- function(cs) {
  out <- list(id = cs$id, design = cs$design)
  if (!is.null(cs$calibration)) out$calibration <- cs$calibration
  out$estimator <- cs$estimator
  out$variables <- I(cs$variables)
  if (!is.null(cs$denominator)) out$denominator <- cs$denominator
  out$by <- I(cs$by)
  out$na_rm <- cs$na_rm
  out
}
doc <- list(
  about = paste(
    "Expected values from R survey for destat; written by tests/golden/make_golden.R.",
    "Data files are in tests/data/api. Designs and calibrations are given in the form of",
    "destat.Design(...) and Design.calibrate(...) keyword arguments. Estimates are in",
    "expected.csv (long format, one row per case, domain, variable and level)."),
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  calibration_epsilon = EPSILON,
  designs = lapply(designs, json_design),
  calibrations = lapply(calib_specs, json_calibration),
  cases = unname(lapply(cases, json_case)),
  errors = list(list(design = "lonely_certainty", lonely_psu = "fail", estimator = "mean",
                     variables = I("api00"), r_message = lonely_fail))
)
writeLines(toJSON(doc, pretty = TRUE, auto_unbox = TRUE, digits = NA, null = "null"),
           file.path(GOLDEN_DIR, "cases.json"))

# ---------------------------------------------------------------------------------------------
# versions.txt
# ---------------------------------------------------------------------------------------------
writeLines(c(R.version.string,
             paste("survey", as.character(packageVersion("survey"))),
             paste("jsonlite", as.character(packageVersion("jsonlite"))),
             "",
             capture.output(sessionInfo())),
           file.path(GOLDEN_DIR, "versions.txt"))
