"""Static SEC error pages, byte for byte as www.sec.gov serves them.

These are fixed SEC/Akamai pages, not filing data; the replica answers with them unchanged.
"""

from __future__ import annotations

# "Request Rate Threshold Exceeded" (Akamai; UTF-8, curly apostrophes): with 429 or 403.
THROTTLE_PAGE = """\
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>SEC.gov | Request Rate Threshold Exceeded</title>
<style>
html {height: 100%}
body {height: 100%; margin:0; padding:0;}
#header {background-color:#003968; color:#fff; padding:15px 20px 10px 20px;font-family:Arial, Helvetica, sans-serif; font-size:20px; border-bottom:solid 5px #000;}
#footer {background-color:#003968; color:#fff; padding:15px 20px;font-family:Arial, Helvetica, sans-serif; font-size:20px;}
#content {max-width:650px;margin:60px auto; padding:0 20px 100px 20px; background-image:url(seal_bw.png);background-repeat:no-repeat;background-position:50% 100%;}
h1 {font-family:Georgia, Times, serif; font-size:20px;}
h2 {text-align:center; font-family:Georgia, Times, serif; font-size:20px; width:100%; border-bottom:solid #999 1px;padding-bottom:10px; margin-bottom:20px;}
h3 {font-family:Georgia, Times, serif; font-size:16px; margin:25px 0 0 0;}
p {font-family:Verdana, Geneva, sans-serif;font-size:14px;line-height:1.3;}
.grey_box {background-color:#eee; padding:5px 40px 20px 40px;margin-top:75px;}
.grey_box p {font-size:12px;line-height:1.5}
.note {padding: 0 40px; font-style: italic;}
</style>
</head>

<body>
<div id="header">U.S. Securities and Exchange Commission</div>
<div id="content">
<h1>You’ve Exceeded the SEC’s Traffic Limit</h1>
<p>Your request rate has exceeded the SEC’s maximum allowable requests per second. Your access to SEC.gov will be limited for 10 minutes.</p>

<p>Current guidelines limit each user to a total of no more than 10 requests per second, regardless of the number of machines used to submit requests. To ensure that SEC.gov remains available to all users, we reserve the right to block IP addresses that submit excessive requests.</p>

<p>The block will be lifted automatically by waiting 10 minutes. Continuing to exceed the SEC’s maximum allowable request rate during the time-out period will extend the duration of the time-out period. To ensure fair access for all users, please reduce the rate of your requests and visit SEC.gov again after the 10 minute time-out period has passed.</p>

<p>For best practices on efficiently downloading information from SEC.gov, including the latest EDGAR filings, visit <a href="https://www.sec.gov/developer" target="_blank">sec.gov/developer</a>. You can also <a href="https://public.govdelivery.com/accounts/USSEC/subscriber/new?topic_id=USSEC_260" target="_blank">sign up for email updates</a> on the SEC open data program, including best practices that make it more efficient to download data, and SEC.gov enhancements that may impact scripted downloading processes. For more information, contact <a href="mailto:opendata@sec.gov">opendata@sec.gov</a>.</p>

<p>For more information, please see the SEC’s <a href="#internet">Web Site Privacy and Security Policy</a>. Thank you for your interest in the U.S. Securities and Exchange Commission.
<p>Reference ID: 0.8cc47b68.1669602503.37a42047</p>
<div class="grey_box">
<h2>More Information</h2>
<h3><a name="internet">Internet Security Policy</a></h3>

<p>By using this site, you are agreeing to security monitoring and auditing. For security purposes, and to ensure that the public service remains available to users, this government computer system employs programs to monitor network traffic to identify unauthorized attempts to upload or change information or to otherwise cause damage, including attempts to deny service to users.</p>

<p>Unauthorized attempts to upload information and/or change information on any portion of this site are strictly prohibited and are subject to prosecution under the Computer Fraud and Abuse Act of 1986 and the National Information Infrastructure Protection Act of 1996 (see Title 18 U.S.C. §§ 1001 and 1030).</p>

<p>To ensure our website performs well for all users, the SEC monitors the frequency of requests for SEC.gov content to ensure automated searches do not impact the ability of others to access SEC.gov content. We reserve the right to block IP addresses that submit excessive requests.  Current guidelines limit users to a total of no more than 10 requests per second, regardless of the number of machines used to submit requests. </p>

<p>If a user or application submits more than 10 requests per second, further requests from the IP address(es) may be limited for a brief period. Once the rate of requests has dropped below the threshold for 10 minutes, the user may resume accessing content on SEC.gov. This SEC practice is designed to limit excessive automated searches on SEC.gov and is not intended or expected to impact individuals browsing the SEC.gov website. </p>

<p>Note that this policy may change as the SEC manages SEC.gov to ensure that the website performs efficiently and remains available to all users.</p>
</div>
<br>
<p class="note"><b>Note:</b> We do not offer technical support for developing or debugging scripted downloading processes.</P>
</div>
</body>
</html>
"""  # noqa: E501

# "Your Request Originates from an Undeclared Automated Tool": with 403.
UNDECLARED_TOOL_PAGE = """\
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>SEC.gov | Your Request Originates from an Undeclared Automated Tool</title>
<style>
html {height: 100%}
body {height: 100%; margin:0; padding:0;}
#header {background-color:#003968; color:#fff; padding:15px 20px 10px 20px;font-family:Arial, Helvetica, sans-serif; font-size:20px; border-bottom:solid 5px #000;}
#footer {background-color:#003968; color:#fff; padding:15px 20px;font-family:Arial, Helvetica, sans-serif; font-size:20px;}
#content {max-width:650px;margin:60px auto; padding:0 20px 100px 20px; background-image:url(seal_bw.png);background-repeat:no-repeat;background-position:50% 100%;}
h1 {font-family:Georgia, Times, serif; font-size:20px;}
h2 {text-align:center; font-family:Georgia, Times, serif; font-size:20px; width:100%; border-bottom:solid #999 1px;padding-bottom:10px; margin-bottom:20px;}
h3 {font-family:Georgia, Times, serif; font-size:16px; margin:25px 0 0 0;}
p {font-family:Verdana, Geneva, sans-serif;font-size:14px;line-height:1.3;}
.grey_box {background-color:#eee; padding:5px 40px 20px 40px;margin-top:75px;}
.grey_box p {font-size:12px;line-height:1.5}
.note {padding: 0 40px; font-style: italic;}
</style>
</head>

<body>
<div id="header">U.S. Securities and Exchange Commission</div>
<div id="content">
<h1>Your Request Originates from an Undeclared Automated Tool</h1>
<p>To allow for equitable access to all users, SEC reserves the right to limit requests originating from undeclared automated tools. Your request has been identified as part of a network of automated tools outside of the acceptable policy and will be managed until action is taken to declare your traffic.</p>

<p>Please declare your traffic by updating your user agent to include company specific information.</p>


<p>For best practices on efficiently downloading information from SEC.gov, including the latest EDGAR filings, visit <a href="https://www.sec.gov/developer" target="_blank">sec.gov/developer</a>. You can also <a href="https://public.govdelivery.com/accounts/USSEC/subscriber/new?topic_id=USSEC_260" target="_blank">sign up for email updates</a> on the SEC open data program, including best practices that make it more efficient to download data, and SEC.gov enhancements that may impact scripted downloading processes. For more information, contact <a href="mailto:opendata@sec.gov">opendata@sec.gov</a>.</p>

<p>For more information, please see the SEC’s <a href="#internet">Web Site Privacy and Security Policy</a>. Thank you for your interest in the U.S. Securities and Exchange Commission.
<p>Reference ID: 0.ac182117.1758761934.2fa5f2c7</p>
<div class="grey_box">
<h2>More Information</h2>
<h3><a name="internet">Internet Security Policy</a></h3>

<p>By using this site, you are agreeing to security monitoring and auditing. For security purposes, and to ensure that the public service remains available to users, this government computer system employs programs to monitor network traffic to identify unauthorized attempts to upload or change information or to otherwise cause damage, including attempts to deny service to users.</p>

<p>Unauthorized attempts to upload information and/or change information on any portion of this site are strictly prohibited and are subject to prosecution under the Computer Fraud and Abuse Act of 1986 and the National Information Infrastructure Protection Act of 1996 (see Title 18 U.S.C. §§ 1001 and 1030).</p>

<p>To ensure our website performs well for all users, the SEC monitors the frequency of requests for SEC.gov content to ensure automated searches do not impact the ability of others to access SEC.gov content. We reserve the right to block IP addresses that submit excessive requests.  Current guidelines limit users to a total of no more than 10 requests per second, regardless of the number of machines used to submit requests. </p>

<p>If a user or application submits more than 10 requests per second, further requests from the IP address(es) may be limited for a brief period. Once the rate of requests has dropped below the threshold for 10 minutes, the user may resume accessing content on SEC.gov. This SEC practice is designed to limit excessive automated searches on SEC.gov and is not intended or expected to impact individuals browsing the SEC.gov website. </p>

<p>Note that this policy may change as the SEC manages SEC.gov to ensure that the website performs efficiently and remains available to all users.</p>
</div>
<br>
<p class="note"><b>Note:</b> We do not offer technical support for developing or debugging scripted downloading processes.</P>
</div>
</body>
</html>
"""  # noqa: E501

# Akamai "SEC.gov | File Unavailable": with 503 (getcurrent past the end). No final newline;
# its tabs are written as \t escapes.
FILE_UNAVAILABLE_PAGE = """\
<!DOCTYPE html>
<html lang="en">

<head>
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta http-equiv="content-type" content="text/html; charset=utf-8">
    <meta name="viewport" content="width=device-width initial-scale=1.0 maximum-scale=3.0" />
    <meta name="origin" content="WCM" />
    <script type="text/javascript">
\t  WebFontConfig = {
\t    google: { families: [ 'Raleway:300,400,500,600:latin' ] }
\t  };
\t  (function() {
\t    var wf = document.createElement('script');
\t    wf.src = '//ajax.googleapis.com/ajax/libs/webfont/1/webfont.js';
\t    wf.type = 'text/javascript';
\t    wf.async = 'true';
\t    var s = document.getElementsByTagName('script')[0];
\t    s.parentNode.insertBefore(wf, s);
\t  })(); </script>

    <title>SEC.gov | File Unavailable</title>
    <link rel="stylesheet" property="stylesheet" type='text/css' href='./apology_objects/ecms/css/short-app.css' />
    <link rel="stylesheet" property="stylesheet" type='text/css' href='./apology_objects/ecms/css/short-shared.css' />
    <link rel="stylesheet" property="stylesheet" type='text/css' href='./apology_objects/ecms/css/footerStyle.css' />


</head>

<body class="off-canvas hide-extras">
    <!-- Google Tag Manager -->
    <noscript>
        <iframe src="//www.googletagmanager.com/ns.html?id=GTM-TD3BKV" height="0" width="0" style="display:none;visibility:hidden"></iframe>
    </noscript>
    <script type="text/javascript">
        (function(w, d, s, l, i) {
            w[l] = w[l] || [];
            w[l].push({
                'gtm.start': new Date().getTime(),
                event: 'gtm.js'
            });
            var f = d.getElementsByTagName(s)[0],
                j = d.createElement(s),
                dl = l != 'dataLayer' ? '&l=' + l : '';
            j.async = true;
            j.src =
                '//www.googletagmanager.com/gtm.js?id=' + i + dl;
            f.parentNode.insertBefore(j, f);
        })(window, document, 'script', 'dataLayer', 'GTM-TD3BKV');
    </script>
    <!-- End Google Tag Manager -->
    <div id="global-nav-bg-div" class="hide-for-medium-down"></div>
    <div id="global-wrapper-bg-1" class="clearfix">
        <div id="global-wrapper-bg-2">
            <div id="global-wrapper-bg-3">
                <div id="global-wrapper">
                    <section role="main">
                        <!-- section closed in footer.jsp -->
                        <a tabindex="1" id="global-skip-nav" href="#main-content">Skip to Main Content</a>
                        <div class="row hide-for-print" style="overflow: visible;">
                            <div id="sidebarButton2" class="small-2 columns hide-for-medium-up">
                                    <div class="smallTopBarButton"> </div>
                                    <div class="smallTopBarButtonX2"> </div>
                            </div>
                            <div id="global-header" class="large-12">

                          \t\t<div id="banner-seal">
\t\t\t\t\t\t\t\t\t<a href="/index.html" tabindex="2">
\t\t\t\t\t\t\t\t       <img src="./apology_objects/ecms/images/sec-logo.png" width="95" height="95" alt="U.S. Securities and Exchange Commission">
\t\t\t\t\t\t\t\t    </a>
\t\t\t\t\t\t\t    </div>

\t\t\t\t\t\t\t\t<div id="banner-org-name">
\t\t\t\t\t\t\t\t\t<a href="/index.htm" tabindex="3">
\t\t\t\t\t\t\t\t\t\tU.S. Securities and<br>Exchange Commission
\t\t\t\t\t\t\t\t\t</a>
\t\t\t\t\t\t\t\t   \t<!-- img id="banner-org-name" src="/apology_objects/ecms/images/global-banner-org-name.png" width="225" height="60" alt="U.S. Securities and Exchange Commission" -->
\t\t\t\t\t\t\t\t</div>

                                <!-- <div id="global-search" class="hide-for-small">
                                    <form id="global-search-form" class="clearfix" accept-charset="UTF-8" action="//secsearch.sec.gov/search" method="get" name="form_iQueryForm">
                                        <fieldset>
                                            <legend>SEC.gov Search Form</legend>
                                            <label class="overlabel" for="global-search-Please check back again soon. We regret any inconvenience, and we thank you for your interest in the SEC website.box">Search SEC.gov</label>
                                            <input name="utf8" type="hidden" value="&#x2713;">
                                            <input id="affiliate" name="affiliate" type="hidden" value="secsearch">
                                            <input tabindex="4" autocomplete="off" class="usagov-search-autocomplete" id="global-search-box" title="Search for" name="query" type="text">
                                            <input tabindex="5" name="global-search-button" aria-label="Submit Search" class="global-search-button" value="" title="Go" type="submit">
                                        </fieldset>
                                    </form>
                                    <p class="options"><a tabindex="6" href="/edgar/searchedgar/companysearch.html">Company Filings</a> &#124; <a tabindex="7" href="/search/search.htm">More Search Options</a>
                                    </p>
                                </div> -->
                                <div id="global-nav" class="hide-for-small" style="height:47px;">


                                </div>
                                <!---old wcm header asset html snippet close-->
                            </div>
                        </div>
                        <!--  close foundation for for header -->
                        <div class="row show-for-medium-down hide-for-legacy hide-for-print">

                        </div>
                        <div class="row">
                            <!--  open row for local nav and main-content, closed in footer -->

                            <div id="main-content" class="row">
                                <div class="small-8 small-offset-2 columns" style="padding: 25px 0px 150px 0px;">
                                    <h1 class="goodbye text-center">This page is temporarily unavailable.</h1><hr/>
                                    <p>SEC.gov is undergoing maintenance. During this time, webforms will not be available.</p>
\t\t\t\t\t\t\t\t\t<p>Comments regarding Commission and SRO rulemaking should be submitted via email to rule-comments@sec.gov during this time.</p>
                                </div>
                            </div>
                        </div>
                        <!--  closing foundation row for local nav and main-content -->
\t\t\t\t\t\t<div id="local-footer" class="small_12">
\t\t\t\t\t\t<div id="page-variables" class="clearfix">
\t\t\t\t\t\t<p id="ssi-modified" class="italic text-right row">Modified: Dec. 04, 2025</p>
\t\t\t\t\t\t</div>
\t\t\t\t\t\t</div>
                       <div id="global-footer-social">
                           <div class="row">
                               <div class="small-12 columns">
                                   <div class="hide-for-print">

                                   </div>
                               </div>
                           </div>
                       </div>
                        <div id="global-footer" class="">
                            <div class="row">
                                <div class="small-12 columns">

                                </div>
                            </div>
                        </div>
                    </section>
                    <!--  close main foundation section -->

                </div>
                <!-- END LAYOUT WRAPPER -->
            </div>
            <!-- END BACKGROUND WRAPPER 3 -->
        </div>
        <!-- END BACKGROUND WRAPPER 2 -->
    </div>
    <!-- END BACKGROUND WRAPPER 1 -->
    <!--[if !IE]><!-->
    <!--<![endif]-->
</body>

</html>"""  # noqa: E501

# S3's AccessDenied document (Archives paths that do not exist or are not published yet).
ACCESS_DENIED_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
    "<RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>"
)

# S3's NoSuchKey document (a document of a filing that is not uploaded yet).
NO_SUCH_KEY_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
    "<Key>{key}</Key><RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>"
)

# Akamai's generic edge error page, used for injected 5xx other than 503.
AKAMAI_ERROR_PAGE = (
    "<HTML><HEAD>\n<TITLE>{reason}</TITLE>\n</HEAD><BODY>\n<H1>{reason}</H1>\n"
    "An error occurred while processing your request.<p>\n"
    "Reference&#32;&#35;{reference}\n"
    "</BODY></HTML>\n"
)
